using System.Diagnostics;
using System.Reflection;
using AkkaPay.Chaos.Servers;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// One `akkapay node` process that a chaos run starts, kills, pauses and restarts: the same executable as the run's
/// own, its output appended to a log file of its own, each line also handed to <see cref="Line"/>. Given a group id,
/// it runs with it (setpriv), so that its connections can be told apart on loopback (<see cref="NetworkPartitions"/>).
/// </summary>
public sealed class NodeProcess(string name, int httpPort, IReadOnlyList<string> arguments, string logPath, int? group = null) : IAsyncDisposable
{
    private readonly Lock _logLock = new();
    /// <summary>Open for the whole run (a node writes thousands of lines), appending across its restarts.</summary>
    private readonly StreamWriter _log = new(logPath, append: true) { AutoFlush = true };
    private bool _closed;
    private Process? _process;

    public string Name { get; } = name;

    public int HttpPort { get; } = httpPort;

    /// <summary>Each line the node writes, as it writes it.</summary>
    public event Action<NodeProcess, string>? Line;

    public bool Running => _process is { HasExited: false };

    public void Start()
    {
        var (file, prefix) = Self();
        var start = group is { } gid
            ? new ProcessStartInfo("setpriv", ["--regid", $"{gid}", "--clear-groups", "--", file, .. prefix, .. arguments])
            : new ProcessStartInfo(file, [.. prefix, .. arguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start node {Name}");
        process.OutputDataReceived += (_, line) => Write(line.Data);
        process.ErrorDataReceived += (_, line) => Write(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();   // the exited process of the node's last run
        _process = process;
        Mark($"started {Name} (pid {process.Id})");
    }

    /// <summary>SIGKILL: nothing flushed, no shutdown hook.</summary>
    public async Task Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Mark($"killed {Name}");
    }

    /// <summary>SIGSTOP: alive, silent, holding whatever it held.</summary>
    public void Pause() => Signal(Signals.Stop, "paused");

    public void Continue() => Signal(Signals.Cont, "continued");

    /// <summary>SIGTERM, then SIGKILL if it has not left within <paramref name="within"/>.</summary>
    public async Task Stop(TimeSpan within)
    {
        if (_process is not { HasExited: false } process) return;
        Signal(Signals.Cont, "continued before stopping");   // a paused process cannot act on SIGTERM
        Signal(Signals.Term, "asked to stop");
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        _process?.Dispose();
        lock (_logLock)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void Signal(int signal, string what)
    {
        if (_process is not { HasExited: false } process) return;
        Signals.Send(process.Id, signal, $"{what} node {Name}");
        Mark($"{what} {Name}");
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_logLock)
            if (!_closed) _log.WriteLine(line);   // a line the output reader hands over after the end is dropped
        Line?.Invoke(this, line);
    }

    /// <summary>What the run did to the node, in its log between its own lines (which carry their own times).</summary>
    private void Mark(string what) => Write($"{DateTime.UtcNow:HH:mm:ss.fff} --- chaos: {what}");

    /// <summary>How this executable is started again: the apphost itself, or dotnet with the entry assembly.</summary>
    private static (string File, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        return Path.GetFileNameWithoutExtension(path) == "dotnet" ? (path, [Assembly.GetEntryAssembly()!.Location]) : (path, []);
    }
}
