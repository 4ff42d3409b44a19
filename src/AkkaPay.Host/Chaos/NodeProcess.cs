using System.Diagnostics;
using AkkaPay.Chaos.Servers;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// One `akkapay node` process that a chaos run kills, pauses and starts again: one the run started itself, its output
/// appended to a log file of its own and each line handed to <see cref="Line"/>, or one of a running cluster the run
/// attached to, which it leaves running at the end (started again, its output goes to the log file directly, so that
/// it outlives the run). Given a control group, it is started inside it (<see cref="NodeGroups"/>).
/// </summary>
/// <param name="group">The cgroup.procs file of its group, or null.</param>
/// <param name="attached">The process of a running cluster it is, or null: the run starts it.</param>
public sealed class NodeProcess(string name, int httpPort, NodeLaunch launch, string logPath, string? group = null, int? attached = null) : IAsyncDisposable
{
    private static readonly TimeSpan KillWaitMax = TimeSpan.FromSeconds(10);

    private readonly Lock _logLock = new();
    /// <summary>Open for the whole run (a node writes thousands of lines), appending across its restarts.</summary>
    private readonly StreamWriter _log = new(logPath, append: true) { AutoFlush = true };
    private bool _closed;
    private Process? _process;
    private int? _pid = attached;

    public string Name { get; } = name;

    public int HttpPort { get; } = httpPort;

    /// <summary>Belongs to a cluster the run attached to: left running when the run ends.</summary>
    public bool OutlivesRun { get; } = attached is not null;

    /// <summary>Each line the node writes, as it writes it (not for a node that outlives the run).</summary>
    public event Action<NodeProcess, string>? Line;

    public bool Running => _process is { } process ? !process.HasExited : _pid is { } pid && ProcessTree.Alive(pid);

    public void Start()
    {
        var start = StartInfo();
        start.WorkingDirectory = launch.WorkingDirectory;
        if (launch.Environment is { } environment)
        {
            start.Environment.Clear();
            foreach (var (key, value) in environment) start.Environment[key] = value;
        }
        start.RedirectStandardOutput = !OutlivesRun;
        start.RedirectStandardError = !OutlivesRun;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start node {Name}");
        if (!OutlivesRun)
        {
            process.OutputDataReceived += (_, line) => Write(line.Data);
            process.ErrorDataReceived += (_, line) => Write(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        _process?.Dispose();   // the exited process of the node's last run
        _process = process;
        _pid = process.Id;
        Mark($"started {Name} (pid {process.Id})");
    }

    /// <summary>
    /// The node's own command, inside its group when it has one (the shell joins the group, then becomes the node);
    /// for a node that outlives the run, in a session of its own (a Ctrl-C of the run does not reach it) with its
    /// output appended to the log file.
    /// </summary>
    private ProcessStartInfo StartInfo()
    {
        var join = group is null ? "" : "echo $$ > \"$0\" && ";
        var output = OutlivesRun ? $" >> '{logPath.Replace("'", "'\\''")}' 2>&1" : "";
        if (group is null && !OutlivesRun) return new ProcessStartInfo(launch.File, launch.Arguments);
        string[] shell = ["sh", "-c", $"{join}exec \"$@\"{output}", group ?? "sh", launch.File, .. launch.Arguments];
        return OutlivesRun ? new ProcessStartInfo("setsid", shell) : new ProcessStartInfo(shell[0], shell[1..]);
    }

    /// <summary>The last lines of its log: why a node that never became ready did not, for the run's error.</summary>
    public string LogTail(int lines)
    {
        using var reader = new StreamReader(new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var tail = new Queue<string>(lines);
        while (reader.ReadLine() is { } line)
        {
            if (tail.Count == lines) tail.Dequeue();
            tail.Enqueue(line);
        }
        return string.Join('\n', tail);
    }

    /// <summary>SIGKILL: nothing flushed, no shutdown hook.</summary>
    public async Task Kill()
    {
        if (!Running) return;
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        else
        {
            Signals.Send(_pid!.Value, Signals.Kill, $"kill node {Name}");
            var deadline = DateTime.UtcNow + KillWaitMax;
            while (Running && DateTime.UtcNow < deadline) await Task.Delay(20);
        }
        Mark($"killed {Name}");
    }

    /// <summary>SIGSTOP: alive, silent, holding whatever it held.</summary>
    public void Pause() => Signal(Signals.Stop, "paused");

    public void Continue() => Signal(Signals.Cont, "continued");

    /// <summary>SIGTERM, then SIGKILL if it has not left within <paramref name="within"/>.</summary>
    public async Task Stop(TimeSpan within)
    {
        if (!Running) return;
        Signal(Signals.Cont, "continued before stopping");   // a paused process cannot act on SIGTERM
        Signal(Signals.Term, "asked to stop");
        var deadline = DateTime.UtcNow + within;
        while (Running && DateTime.UtcNow < deadline) await Task.Delay(50);
        await Kill();
    }

    public async ValueTask DisposeAsync()
    {
        if (!OutlivesRun) await Kill();
        _process?.Dispose();
        lock (_logLock)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void Signal(int signal, string what)
    {
        if (!Running) return;
        Signals.Send(_pid!.Value, signal, $"{what} node {Name}");
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
}
