using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AkkaPay.Testing;

/// <summary>The real `akkapay` executable as a child process.</summary>
public sealed class AkkapayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AkkapayProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        process.OutputDataReceived += (_, line) => { lock (_output) _output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (_output) _output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public HttpClient Http { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The console log lines ("12:00:00.000 warn: Category[0] message") logged at one of <paramref name="levels"/> ("info", "warn", "fail", "crit").</summary>
    public IReadOnlyList<string> LogLines(params string[] levels) =>
        [.. Output.Split('\n').Where(line => Regex.Match(line, @"^\d{2}:\d{2}:\d{2}\.\d{3} (\w{4}): ") is { Success: true } m && levels.Contains(m.Groups[1].Value))];

    public static AkkapayProcess Start(params string[] arguments) => Start(FreePort.Next(), arguments);

    public static AkkapayProcess Start(int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "akkapay.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new AkkapayProcess(Process.Start(start)!, port);
    }

    public static AkkapayProcess Up(string dataDirectory, params string[] more) =>
        StartUp(FreePort.Next(), dataDirectory, more);

    private static AkkapayProcess StartUp(int port, string dataDirectory, string[] more) =>
        Start(port, ["up", "--port", port.ToString(), "--data", dataDirectory, .. more]);

    public async Task WhenReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"akkapay exited {_process.ExitCode}:\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"akkapay not ready within 60 s:\n{Output}");
            try
            {
                if ((await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
    }

    /// <exception cref="TimeoutException">Still running after <paramref name="timeout"/> (the message carries its output).</exception>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var within = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(within.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"akkapay still running after {timeout.TotalSeconds} s:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed.</summary>
    public Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        return _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator or Ctrl-C would stop it.</summary>
    /// <param name="within">How long its shutdown may take (30 s unless given).</param>
    public async Task<int> Terminate(TimeSpan? within = null)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        return await WaitForExit(within ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGSTOP: the process stays alive and says nothing (a gray failure), until <see cref="Continue"/>.</summary>
    public Task Pause() => Signal("-STOP");

    public Task Continue() => Signal("-CONT");

    private async Task Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited) await Kill();
        _process.Dispose();
    }
}
