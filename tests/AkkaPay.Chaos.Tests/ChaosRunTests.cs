using System.Diagnostics;
using System.Text.Json;
using AkkaPay.Host;
using AkkaPay.Testing;
using Xunit.Abstractions;

namespace AkkaPay.Chaos.Tests;

/// <summary>
/// `akkapay chaos` as CI runs it: the real command starts a PostgreSQL server, a router, four cell processes (c0 on a
/// blue and a green node journaling on SQLite, c1 in two sites journaling on the PostgreSQL server) and two quorum
/// witnesses, sends its workload, kills, pauses, cuts off (iptables: the suite runs as root), stalls the database,
/// shifts and fails over for a minute and a half, heals, checks the ledger against the history, and leaves nothing
/// running. One run has both journals under faults: two runs would cost the suite minutes it does not have.
/// </summary>
[Collection(ChaosRuns.Collection)]
public class ChaosRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("akkapay-chaos-").FullName;
    private readonly int _postgresPort = FreePort.Next();

    [Fact]
    public async Task A_short_run_with_every_fault_kind_finds_no_anomaly_writes_its_report_and_leaves_nothing_running()
    {
        var report = Path.Combine(_folder, "report");
        await using var chaos = AkkapayProcess.Start("chaos", "--topology", Topology(), "--duration", "90s", "--seed", "42", "--rate", "30",
            "--accounts", "60", "--report", report);
        var exit = await chaos.WaitForExit(TimeSpan.FromMinutes(6));
        output.WriteLine(chaos.Output);

        Assert.True(exit == ExitCodes.Ok, $"chaos exited {exit}:\n{chaos.Output}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(0, root.GetProperty("anomalies").GetArrayLength());
        var faults = root.GetProperty("faultsByKind");
        foreach (var kind in new[] { "kill", "pause", "partition", "db-stall", "shift", "failover" })
            Assert.True(faults.TryGetProperty(kind, out var count) && count.GetInt32() >= 1, $"no {kind} fault in the run: {faults}");
        Assert.True(root.GetProperty("acknowledged").GetInt64() > 500, $"too few acknowledged payments to check: {root.GetProperty("acknowledged")}");
        Assert.Equal(root.GetProperty("requests").GetInt64(), File.ReadLines(Path.Combine(report, "history.jsonl")).LongCount());
        Assert.Equal(root.GetProperty("faults").GetArrayLength(), root.GetProperty("isolation").GetArrayLength());
        foreach (var file in new[] { "index.html", "throughput.png", "latency.png", "node-router.log", "node-c1-b.log", $"postgres-{_postgresPort}.log" })
            Assert.True(File.Exists(Path.Combine(report, file)), $"{file} missing from the report");
        // each cell's nodes on a CPU of their own (--cpus per-cell, the default), the router on every CPU
        Assert.StartsWith("c0 on CPU ", root.GetProperty("cpus").GetString());
        Assert.Contains("1 CPU(s) usable", await File.ReadAllTextAsync(Path.Combine(report, "node-c0-blue.log")));
        Assert.Contains($"{Environment.ProcessorCount} CPU(s) usable", await File.ReadAllTextAsync(Path.Combine(report, "node-router.log")));
        Assert.Empty(ProcessesUsing(report));
        Assert.False(Listening(_postgresPort), "the run's PostgreSQL server still listens");
    }

    [Theory]
    [InlineData("--faults", "kill,flood")]
    [InlineData("--duration", "5s")]
    [InlineData("--rate", "0")]
    [InlineData("--cpus", "half")]
    public async Task Bad_arguments_exit_2_with_the_reason_and_start_nothing(string option, string value)
    {
        await using var chaos = AkkapayProcess.Start("chaos", "--topology", Topology(), option, value, "--report", Path.Combine(_folder, "bad"));
        Assert.Equal(ExitCodes.Refused, await chaos.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("akkapay chaos:", chaos.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "bad", "summary.json")));
    }

    [Theory]
    [InlineData("single", "no nodes section")]
    [InlineData("sqlite", "db-stall")]
    [InlineData("pair", "streaming standby pair")]
    public async Task A_topology_it_cannot_run_or_a_fault_no_cell_of_it_can_take_is_refused(string topology, string reason)
    {
        var path = topology switch
        {
            "single" => Path.Combine(_folder, "single.json"),
            "sqlite" => Topology("""{ "provider": "sqlite", "path": "cell-c1.db" }"""),
            _ => Topology(C1OnPostgres, $$""", "journalBySite": { "site-b": { "provider": "postgres", "connectionString": "Host=127.0.0.1;Port={{FreePort.Next()}};Username=postgres;Database=akkapay_c1" } }"""),
        };
        if (topology == "single")
            await File.WriteAllTextAsync(path, """{ "sites": ["site-a"], "cells": [ { "id": "c0", "buckets": ["00-99"], "site": "site-a", "journal": { "provider": "sqlite", "path": "c0.db" } } ] }""");
        await using var chaos = AkkapayProcess.Start("chaos", "--topology", path, "--faults", "kill,db-stall", "--report", Path.Combine(_folder, "refused"));
        Assert.Equal(ExitCodes.Refused, await chaos.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains(reason, chaos.Output);
        Assert.False(Directory.Exists(Path.Combine(_folder, "refused")) && Directory.EnumerateFileSystemEntries(Path.Combine(_folder, "refused")).Any(), "a refused run left files");
    }

    private string C1OnPostgres => $$"""{ "provider": "postgres", "connectionString": "Host=127.0.0.1;Port={{_postgresPort}};Username=postgres;Database=akkapay_c1" }""";

    /// <summary>cells/chaos.json on free ports, by default with c1 on a PostgreSQL server the run starts.</summary>
    private string Topology(string? c1Journal = null, string c1Rest = "")
    {
        var path = Path.Combine(_folder, $"chaos-{Guid.NewGuid():N}.json");
        var ports = Enumerable.Range(0, 14).Select(_ => FreePort.Next()).ToArray();
        string Node(int i, string name, string rest) => $$"""{ "name": "{{name}}", "remotingPort": {{ports[2 * i]}}, "httpPort": {{ports[2 * i + 1]}}, {{rest}} }""";
        File.WriteAllText(path, $$"""
            {
              "sites": ["site-a", "site-b", "site-w"],
              "cells": [
                { "id": "c0", "buckets": ["00-49"], "site": "site-a", "journal": { "provider": "sqlite", "path": "cell-c0.db" } },
                { "id": "c1", "buckets": ["50-99"], "site": "site-a", "journal": {{c1Journal ?? C1OnPostgres}}{{c1Rest}} }
              ],
              "nodes": [
                {{Node(0, "router", "\"router\": true, \"site\": \"site-a\", \"quorum\": true")}},
                {{Node(1, "c0-blue", "\"cells\": [\"c0\"], \"color\": \"blue\"")}},
                {{Node(2, "c0-green", "\"cells\": [\"c0\"], \"color\": \"green\"")}},
                {{Node(3, "c1-a", "\"cells\": [\"c1\"], \"site\": \"site-a\"")}},
                {{Node(4, "c1-b", "\"cells\": [\"c1\"], \"site\": \"site-b\"")}},
                {{Node(5, "witness-b", "\"site\": \"site-b\", \"quorum\": true")}},
                {{Node(6, "witness-w", "\"site\": \"site-w\", \"quorum\": true")}}
              ]
            }
            """);
        return path;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Processes whose command line names the folder: nodes the run started and did not stop.</summary>
    private static IReadOnlyList<string> ProcessesUsing(string folder)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-af", folder]) { RedirectStandardOutput = true })!;
        var lines = pgrep.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        pgrep.WaitForExit();
        return [.. lines.Where(line => !line.Contains("pgrep", StringComparison.Ordinal))];
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
