using System.Runtime.InteropServices;

namespace AkkaPay.Chaos.Servers;

/// <summary>POSIX signals to a process by id: how a chaos run pauses, resumes and stops the processes it runs.</summary>
public static class Signals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Cont = 18;
    public const int Stop = 19;

    /// <exception cref="InvalidOperationException">The signal could not be sent (no such process, say), with what it was for.</exception>
    public static void Send(int pid, int signal, string what)
    {
        if (SendSignal(pid, signal) != 0) throw new InvalidOperationException($"could not signal process {pid} ({what}): errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>As <see cref="Send"/>; false when the process is gone (it may end at any moment).</summary>
    public static bool TrySend(int pid, int signal) => SendSignal(pid, signal) == 0;

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for two ints
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
