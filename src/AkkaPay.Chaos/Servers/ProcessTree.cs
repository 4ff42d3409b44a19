namespace AkkaPay.Chaos.Servers;

/// <summary>A process and the processes it forked, read from /proc: what a stall stops and continues as one.</summary>
public static class ProcessTree
{
    /// <summary>
    /// SIGSTOP to the process and then to every child: a server that forks a process per connection (PostgreSQL)
    /// holds its connections and locks and answers nothing. The parent first, so that it forks nothing new meanwhile.
    /// </summary>
    public static void Pause(int root)
    {
        Signals.Send(root, Signals.Stop, "pause");
        foreach (var child in ChildrenOf(root)) Signals.TrySend(child, Signals.Stop);   // a backend may end meanwhile
    }

    public static void Continue(int root)
    {
        foreach (var child in ChildrenOf(root)) Signals.TrySend(child, Signals.Cont);
        Signals.Send(root, Signals.Cont, "continue");
    }

    /// <summary>Whether the process runs (a zombie, ended but not reaped, does not).</summary>
    public static bool Alive(int pid) => Stat(pid) is { } fields && fields[0] != "Z";

    /// <summary>The processes whose parent is <paramref name="parent"/>.</summary>
    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(folder), out var pid) && Stat(pid) is { } fields && int.Parse(fields[1]) == parent)
                yield return pid;
    }

    /// <summary>/proc/PID/stat from its state on ("S 1234 ..."), or null when the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (command) state ppid ...": the command may hold spaces and parentheses, so read after the last ')'
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
