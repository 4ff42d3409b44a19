using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

[Collection(JournalsCollection.Name)]
public class UpCommandTests(JournalBackend journals) : IDisposable
{
    private const string Alice = "2088000000000137";
    private const string Bob = "2088000000000242";
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-up-").FullName;

    [Fact]
    public async Task Acknowledged_payments_survive_kill_9_and_a_restart_on_the_same_data()
    {
        string[] acknowledged;
        await using (var node = AkkapayProcess.Up(_data))
        {
            await node.WhenReady();
            await Post(node, "/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
            await Post(node, "/v1/accounts", $"{{\"accountId\":\"{Bob}\",\"type\":\"personal\"}}");
            await Post(node, "/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":100000}}");
            var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
                node.Http.PostAsync("/v1/transfers", Json($"{{\"requestId\":\"x{i}\",\"from\":\"{Alice}\",\"to\":\"{Bob}\",\"amount\":{i + 1}}}"))));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            acknowledged = Enumerable.Range(0, 40).Select(i => $"{Alice}-x{i}").ToArray();
            await node.Kill();
        }

        await using (var node = AkkapayProcess.Up(_data))
        {
            await node.WhenReady();
            Assert.Equal(100_000 - 820, await Balance(node, Alice));
            Assert.Equal(820, await Balance(node, Bob));
            foreach (var paymentId in acknowledged)
                Assert.Equal("succeeded", (await node.Http.GetFromJsonAsync<JsonElement>($"/v1/payments/{paymentId}")).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Stopped_with_sigterm_it_exits_cleanly_and_serves_the_same_balances_when_started_again()
    {
        await using (var node = AkkapayProcess.Up(_data))
        {
            await node.WhenReady();
            Assert.Contains("journal SQLite", node.Output);
            await Post(node, "/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
            await Post(node, "/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":777}}");
            Assert.Equal(0, await node.Terminate());
        }

        await using (var node = AkkapayProcess.Up(_data))
        {
            await node.WhenReady();
            Assert.Equal(777, await Balance(node, Alice));
            Assert.True(File.Exists(Path.Combine(_data, "cell-c0.db")));
        }
    }

    [Fact]
    public async Task A_clean_start_and_stop_log_no_warning_or_failure_and_each_akka_line_once_with_one_timestamp()
    {
        await using var node = AkkapayProcess.Up(_data);
        await node.WhenReady();
        Assert.Equal(0, await node.Terminate());

        Assert.Empty(node.LogLines("warn", "fail", "crit"));
        // Akka's own lines come through the host's logging under Akka's categories, with the host's timestamp only
        var started = Assert.Single(node.LogLines("info"), line => line.Contains("Started up successfully"));
        Assert.Contains("Akka.Cluster", started);
        Assert.DoesNotMatch(@"\[(INFO|WARNING|ERROR)\]|\d{2}/\d{2}/\d{4}", started);
    }

    [Fact]
    public async Task It_runs_on_postgresql_when_told_to()
    {
        var journal = await journals.NewJournalAsync(JournalBackend.Postgres);
        await using var node = AkkapayProcess.Up(_data, "--journal", "postgres", "--connection", journal.ConnectionString);
        await node.WhenReady();
        await Post(node, "/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
        await Post(node, "/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":5}}");
        Assert.Equal(5, await Balance(node, Alice));
        Assert.Contains("journal PostgreSQL", node.Output);
        Assert.False(File.Exists(Path.Combine(_data, "cell-c0.db")));
    }

    [Fact]
    public async Task A_topology_file_names_the_cells_journal()
    {
        var journal = await journals.NewJournalAsync(JournalBackend.Postgres);
        var topology = Path.Combine(_data, "pg.json");
        await File.WriteAllTextAsync(topology, $$$"""
            {"sites":["site-a"],"cells":[{"id":"c0","buckets":["00-99"],"site":"site-a",
              "journal":{"provider":"postgres","connectionString":"{{{journal.ConnectionString}}}"}}]}
            """);
        await using var node = AkkapayProcess.Up(_data, "--topology", topology);
        await node.WhenReady();
        await Post(node, "/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
        Assert.Contains("journal PostgreSQL", node.Output);
    }

    [Fact]
    public async Task A_refused_topology_stops_start_up_with_every_problem_named()
    {
        var topology = Path.Combine(_data, "bad.json");
        await File.WriteAllTextAsync(topology, """
            {"sites":["site-a"],"cells":[{"id":"c0","buckets":["00-90"],"site":"site-b","journal":{"provider":"sqlite","path":"c0.db"}}]}
            """);
        await using var process = AkkapayProcess.Start("up", "--topology", topology, "--data", _data);
        Assert.NotEqual(0, await process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("no cell owns bucket(s) 91, 92", process.Output);
        Assert.Contains("unknown site 'site-b'", process.Output);
    }

    [Fact]
    public async Task Plain_up_without_options_starts_on_port_8080_in_the_data_folder_of_the_working_directory()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "akkapay.dll"), "up"])
        {
            WorkingDirectory = _data, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8080") };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!await IsReady(http) && DateTime.UtcNow < deadline && !process.HasExited) await Task.Delay(100);
            Assert.True(await IsReady(http), "akkapay up did not get ready on 127.0.0.1:8080");
            Assert.True(File.Exists(Path.Combine(_data, "data", "cell-c0.db")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> IsReady(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Traffic_failover_moves_a_cell_to_another_site_under_a_new_epoch_and_exits_2_with_the_reason_when_refused()
    {
        var topology = Path.Combine(_data, "two-sites.json");
        await File.WriteAllTextAsync(topology, """
            { "sites": ["site-a", "site-b"],
              "cells": [ { "id": "c0", "buckets": ["00-99"], "site": "site-a", "journal": { "provider": "sqlite", "path": "cell-c0.db" } } ] }
            """);
        await using var node = AkkapayProcess.Up(_data, "--topology", topology, "--admin-token", "t0ken");   // one process: in both sites
        await node.WhenReady();
        await Post(node, "/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
        var nodeAddress = $"127.0.0.1:{node.Port}";

        await using var healthy = AkkapayProcess.Start("traffic", "failover", "c0", "--to", "site-b", "--node", nodeAddress, "--token", "t0ken");
        Assert.Equal(ExitCodes.Refused, await healthy.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("active_site_healthy", healthy.Output);
        await using var forced = AkkapayProcess.Start("traffic", "failover", "c0", "--to", "site-b", "--force", "--reason", "drill", "--node", nodeAddress, "--token", "t0ken");
        Assert.Equal(ExitCodes.Ok, await forced.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("c0 serves from site-b, epoch 2", forced.Output);

        await Post(node, "/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":5}}");   // the cell writes under epoch 2
        await using var sites = AkkapayProcess.Start("site", "show", "--node", nodeAddress, "--token", "t0ken");
        Assert.Equal(0, await sites.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("site site-b: live, active cells: c0", sites.Output);
        Assert.Contains("site site-a: live, active cells: none", sites.Output);
        await using var history = AkkapayProcess.Start("traffic", "history", "c0", "--node", nodeAddress, "--token", "t0ken", "--json");
        Assert.Equal(0, await history.WaitForExit(TimeSpan.FromSeconds(60)));
        var newest = JsonDocument.Parse(history.Output.Trim()).RootElement.GetProperty("versions")[0];
        Assert.Equal(("drill", 2), (newest.GetProperty("reason").GetString(), newest.GetProperty("changes").GetArrayLength()));
    }

    [Fact]
    public async Task The_operator_palette_prints_tables_or_json_and_exits_non_zero_with_the_reason_when_refused()
    {
        await using var node = AkkapayProcess.Up(_data, "--admin-token", "t0ken");
        await node.WhenReady();
        await Post(node, "/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
        await Post(node, "/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":5}}");
        var nodeAddress = $"127.0.0.1:{node.Port}";

        await using var table = AkkapayProcess.Start("ledger", "audit", "--node", nodeAddress, "--token", "t0ken");
        await using var json = AkkapayProcess.Start("ledger", "audit", "--node", nodeAddress, "--token", "t0ken", "--json");
        await using var wrongToken = AkkapayProcess.Start("ledger", "audit", "--node", nodeAddress, "--token", "nope");
        await using var nobody = AkkapayProcess.Start("ledger", "audit", "--node", $"127.0.0.1:{FreePort.Next()}", "--token", "t0ken");

        Assert.Equal(0, await table.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("balanced", table.Output);
        Assert.Contains("c3", table.Output);
        Assert.Equal(0, await json.WaitForExit(TimeSpan.FromSeconds(60)));
        using var audit = JsonDocument.Parse(json.Output.Trim());
        Assert.True(audit.RootElement.GetProperty("balanced").GetBoolean());
        Assert.Equal(JsonValueKind.Number, audit.RootElement.GetProperty("pendingPayments").ValueKind);
        Assert.Equal(2, await wrongToken.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("401 unauthorized", wrongToken.Output);
        Assert.Equal(2, await nobody.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("cannot reach", nobody.Output);

        await using var cells = AkkapayProcess.Start("cell", "list", "--node", nodeAddress, "--token", "t0ken", "--json");
        await using var members = AkkapayProcess.Start("cluster", "show", "--node", nodeAddress, "--token", "t0ken");
        await using var unknownCell = AkkapayProcess.Start("shards", "show", "c9", "--node", nodeAddress, "--token", "t0ken");
        await using var oneCell = AkkapayProcess.Start("cell", "show", "c1", "--node", nodeAddress, "--token", "t0ken");
        await using var unknownCellShow = AkkapayProcess.Start("cell", "show", "c9", "--node", nodeAddress, "--token", "t0ken");
        Assert.Equal(0, await cells.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(4, JsonDocument.Parse(cells.Output.Trim()).RootElement.GetProperty("cells").GetArrayLength());
        Assert.Equal(0, await members.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("router", members.Output);
        Assert.Equal(2, await unknownCell.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("cell_not_found", unknownCell.Output);
        Assert.Equal(0, await oneCell.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("buckets 25-49", oneCell.Output);   // Alice's bucket 37
        Assert.Contains("ledger: 2 accounts", oneCell.Output);   // Alice and the channel's clearing account of her bucket
        Assert.Contains("in transit 0, payments pending", oneCell.Output);
        Assert.Equal(2, await unknownCellShow.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("cell_not_found", unknownCellShow.Output);

        await using var makeHot = AkkapayProcess.Start("account", "hot", Alice, "--subs", "4", "--node", nodeAddress, "--token", "t0ken", "--json");
        await using var tooMany = AkkapayProcess.Start("account", "hot", Alice, "--subs", "65", "--node", nodeAddress, "--token", "t0ken");
        await using var nobodyThere = AkkapayProcess.Start("account", "hot", "2088000000000499", "--subs", "4", "--node", nodeAddress, "--token", "t0ken");
        Assert.Equal(0, await makeHot.WaitForExit(TimeSpan.FromSeconds(60)));
        var hot = JsonDocument.Parse(makeHot.Output.Trim()).RootElement;
        Assert.Equal((true, 4, 5L), (hot.GetProperty("hot").GetBoolean(), hot.GetProperty("subAccounts").GetInt32(), hot.GetProperty("balance").GetInt64()));
        Assert.NotEqual(0, await tooMany.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("subAccounts must be from 1 to 64", tooMany.Output);
        Assert.Equal(2, await nobodyThere.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("account_not_found", nobodyThere.Output);
    }

    [Theory]
    [InlineData("up --journal postgres", "needs --connection")]
    [InlineData("up --topology cells/local.json --journal postgres --connection x", "leave out --journal")]
    [InlineData("up --port 0", "--port must be 1..65535")]
    [InlineData("up --journal oracle", "oracle")]
    [InlineData("launch", "launch")]
    public async Task Bad_arguments_exit_non_zero_with_the_reason(string arguments, string reason)
    {
        await using var process = AkkapayProcess.Start(arguments.Split(' '));
        Assert.NotEqual(0, await process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains(reason, process.Output);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task Post(AkkapayProcess node, string path, string body)
    {
        var response = await node.Http.PostAsync(path, Json(body));
        Assert.True(response.IsSuccessStatusCode, $"{path} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<long> Balance(AkkapayProcess node, string accountId) =>
        (await node.Http.GetFromJsonAsync<JsonElement>($"/v1/accounts/{accountId}")).GetProperty("balance").GetInt64();

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
