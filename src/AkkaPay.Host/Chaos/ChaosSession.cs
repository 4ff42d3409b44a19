using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using AkkaPay.Api.Contracts;
using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos;
using AkkaPay.Chaos.Checking;
using AkkaPay.Chaos.Faults;
using AkkaPay.Host.Commands;
using AkkaPay.Host.Topology;
using AkkaPay.Load;
using Spectre.Console;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// One chaos run: start the topology's processes (or attach to them running), open and fund the accounts, send the
/// open-loop workload while the faults drawn from the seed come one after another, heal, wait for the ledger to
/// settle, stop every process it started, then check the history against every cell's journal and write the
/// report. Nothing it started is left running; an attached cluster runs on, whole.
/// </summary>
public static class ChaosSession
{
    private static readonly TimeSpan SettleMax = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(ChaosPlan plan, Topology.Topology topology, CancellationToken cancel)
    {
        Directory.CreateDirectory(plan.ReportFolder);
        var attachment = plan.Attachment;
        var token = attachment is null ? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) : attachment.OperatorToken ?? "";
        var clock = new Stopwatch();
        var refusedWrites = new RefusedWriteLog(clock);
        var startedAt = DateTimeOffset.UtcNow;
        var partitions = plan.Faults.Contains(FaultKind.Partition);
        var cpus = plan.CellCpus ? CellCpus.PerCell([.. topology.Cells.Select(c => c.Id)], CellCpus.Usable()) : CellCpus.Shared;
        await using var databases = attachment is null ? await ChaosDatabases.StartAsync(topology, plan.ReportFolder) : ChaosDatabases.Attach(topology, plan.ReportFolder);
        await using var cluster = attachment is null
            ? ChaosCluster.ToStart(plan.TopologyPath, topology, plan.ReportFolder, Path.Combine(plan.ReportFolder, "data"), token, partitions, cpus)
            : ChaosCluster.Attach(topology, plan.ReportFolder, partitions);
        foreach (var node in cluster.Nodes) refusedWrites.Watch(node);
        Say($"{(attachment is null ? "starting" : "attached to")} {cluster.Nodes.Count} nodes of {plan.TopologyPath} (logs in {plan.ReportFolder})");
        if (cpus.Placed) Say($"cells on CPUs of their own: {cpus}; the router, the witnesses, the database servers and the workload on every CPU");
        await cluster.StartAll(cancel);

        using var client = new RouterClient(cluster.Routers, token);
        var accounts = await AccountSet.CreateAsync(client, plan.Accounts, plan.Tag, cancel);
        Say($"{accounts.Personal.Count} accounts in {accounts.Personal.Select(a => a.Cell).Distinct().Count()} cells, {accounts.Merchants.Count} merchants, hot merchant {accounts.HotMerchant.Id}");

        var sent = new ConcurrentQueue<SentRequest>();
        var workload = new Workload(accounts, FlowMix.Parse(FlowMix.Default), $"X{plan.Tag}", plan.Seed);
        var runner = new LoadRunner(client, workload, new LatencyRecorder(), maxInFlight: 10_000, sent.Enqueue);
        var operatorClient = new OperatorClient(cluster.Routers[0].Authority, token);
        var probes = accounts.Personal.GroupBy(a => a.Cell).ToDictionary(g => g.Key, g => g.First().Id);
        var injector = new FaultInjector(cluster, databases, operatorClient, client, probes, clock, Say);
        var targets = ChaosTargets.Of(topology);
        var faults = new List<FaultWindow>();

        clock.Start();
        var load = runner.RunAsync(ArrivalSchedule.Constant(plan.Rate, plan.Duration, null), null, cancel);
        await Task.Delay(ChaosPlan.WarmUp + plan.Quiet, cancel);
        var unhealed = new List<Anomaly>();
        foreach (var fault in FaultPlan.Draw(plan.Seed, plan.Faults, targets))
        {
            if (clock.Elapsed + fault.Gap + fault.Hold > plan.Duration - ChaosPlan.Tail) break;
            await Task.Delay(fault.Gap, cancel);
            var start = clock.Elapsed.TotalMilliseconds;
            try
            {
                faults.Add(await injector.Inject(fault, targets, cancel));
            }
            catch (TimeoutException e)
            {
                // no more faults on a cluster that did not come back; what it did until then is still checked
                unhealed.Add(new Anomaly(AnomalyKinds.NotHealed, fault.Label, e.Message, []));
                faults.Add(new FaultWindow(fault.Number, fault.Kind.Name(), fault.Node ?? fault.Cell, [fault.Cell],
                    start, clock.Elapsed.TotalMilliseconds, $"not healed: {e.Message}"));
                Say($"{clock.Elapsed.TotalSeconds,6:0.0} s  {fault.Label} not healed: {e.Message}; no more faults");
                break;
            }
        }
        await load;
        Say($"{clock.Elapsed.TotalSeconds,6:0.0} s  load done: {sent.Count} answered; healing and settling");

        IReadOnlyDictionary<string, long> balances = new Dictionary<string, long>();
        IReadOnlyDictionary<string, string> activeSites = new Dictionary<string, string>();
        try
        {
            foreach (var node in cluster.Nodes) await cluster.WhenReady(node, cancel);
            if (!LedgerCheck.IsSettled(await LedgerCheck.SettledAudit(client, SettleMax, cancel))) Say("the ledger did not settle (money in transit, payments pending or unbalanced) within 60 s after healing");
            balances = await ReportedBalances(client, accounts, cancel);
            activeSites = await ActiveSites(operatorClient, cancel);
        }
        catch (TimeoutException e)
        {
            unhealed.Add(new Anomaly(AnomalyKinds.NotHealed, "cluster", $"after the run: {e.Message}", []));
        }
        await cluster.StopAll();

        var history = sent.Select(Attempt).ToList();
        var journal = topology.Cells.SelectMany(cell => JournalDump.Read(cell.Id, cell.Options(activeSites.GetValueOrDefault(cell.Id, cell.Site)).Journal)).ToList();
        IReadOnlyList<Anomaly> anomalies = [.. unhealed, .. LedgerChecker.Check(new CheckInput(history, journal, balances, refusedWrites.Refused))];
        var isolation = AkkaPay.Chaos.Isolation.Table(history, faults, ChaosPlan.WarmUp.TotalMilliseconds);
        var summary = new ChaosSummary(startedAt, plan.TopologyPath, plan.Seed, plan.Duration.TotalSeconds, plan.Rate, cpus.ToString(),
            faults.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count()),
            history.Count, history.Count(a => a.Kind == AnswerKind.Acknowledged), history.Count(a => a.Kind == AnswerKind.Refused), history.Count(a => a.Kind == AnswerKind.Unknown),
            faults, isolation, isolation.Count(row => !row.Within(AkkaPay.Chaos.Isolation.Budget)),
            [.. anomalies.Select(a => new AnomalyReport(a, ChaosReport.FaultsAround(a, history, faults)))]);
        ChaosReport.Write(plan.ReportFolder, summary, history);
        ChaosView.Render(summary);
        AnsiConsole.MarkupLine($"report: {Markup.Escape(Path.GetFullPath(Path.Combine(plan.ReportFolder, ChaosReport.Page)))}");
        return anomalies.Count == 0 ? ExitCodes.Ok : ExitCodes.LedgerNotClean;
    }

    private static void Say(string line) => AnsiConsole.MarkupLine($"[grey]chaos[/] {Markup.Escape(line)}");

    /// <summary>Each account's balance as the cluster answers it (a hot account's, with its sub-accounts).</summary>
    private static async Task<IReadOnlyDictionary<string, long>> ReportedBalances(RouterClient client, AccountSet accounts, CancellationToken cancel)
    {
        var balances = new ConcurrentDictionary<string, long>();
        await Parallel.ForEachAsync(accounts.Personal.Concat(accounts.Merchants).Append(accounts.HotMerchant), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancel },
            async (account, token) =>
            {
                var answer = await client.Get($"/v1/accounts/{account.Id}", token);
                if (answer.Ok) balances[account.Id] = answer.Body.GetProperty("balance").GetInt64();
            });
        return balances;
    }

    private static async Task<IReadOnlyDictionary<string, string>> ActiveSites(OperatorClient operatorClient, CancellationToken cancel) =>
        await operatorClient.Get("/admin/cells", cancel) is { } body
            ? JsonSerializer.Deserialize(body, ApiJsonContext.Default.CellsResponse)!.Cells.ToDictionary(c => c.Cell, c => c.Site)
            : new Dictionary<string, string>();

    /// <summary>A sent request as the history records it; its requestId is what follows the scope account in its payment id.</summary>
    private static Attempt Attempt(SentRequest sent)
    {
        var answer = sent.Answer;
        var paymentStatus = answer.Ok && answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("status", out var status) ? status.GetString() : null;
        return new Attempt(sent.Request.PaymentId[(sent.Request.PaymentId.IndexOf('-') + 1)..], sent.Request.PaymentId, FlowMix.NameOf(sent.Request.Flow), sent.Request.Cells,
            sent.Intended.TotalMilliseconds, sent.Answered.TotalMilliseconds, answer.Status, answer.ErrorCode, paymentStatus, sent.Request.Flow == Flow.Replay);
    }
}
