using System.CommandLine;
using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Faults;
using AkkaPay.Host.Chaos;
using AkkaPay.Host.Topology;
using AkkaPay.Load;

namespace AkkaPay.Host.Commands;

/// <summary>
/// `akkapay chaos`: runs a topology's processes on loopback, drives a recorded workload, injects faults drawn from a
/// seed, heals, and checks the ledger's invariants against the history. Exit 0: no anomaly; 3: anomalies; 2: bad arguments.
/// </summary>
public static class ChaosCommand
{
    public static Command Create()
    {
        var topology = new Option<string>("--topology") { Description = "topology file with a nodes section (cells/chaos.json)", Required = true };
        var duration = new Option<string>("--duration") { Description = "how long the workload runs (90s, 10m)", DefaultValueFactory = _ => "2m" };
        var seed = new Option<int?>("--seed") { Description = "seed of the faults and the workload: the same seed replays the same run (default: new each run)" };
        var faults = new Option<string?>("--faults") { Description = "fault kinds, each with an optional weight (kill=4,pause): kill, pause, partition (root, iptables), db-stall (PostgreSQL topologies), shift, failover (default: every kind the topology can take)" };
        var rate = new Option<double>("--rate") { Description = "requests per second (open loop)", DefaultValueFactory = _ => 50 };
        var accounts = new Option<int>("--accounts") { Description = "personal accounts to open and fund", DefaultValueFactory = _ => 200 };
        var report = new Option<string?>("--report") { Description = "report folder (default ./chaos-reports/<time>)" };
        var attach = new Option<bool>("--attach") { Description = "fault the topology's running nodes and PostgreSQL servers (found by their ports) instead of starting them; they run on after the run" };
        var data = new Option<string>("--data") { Description = "with --attach: the nodes' data folder (their SQLite journals)", DefaultValueFactory = _ => "./data" };
        var token = new Option<string?>("--token") { Description = "with --attach: the cluster's operator token (shift and failover need it)" };
        var cpus = new Option<string?>("--cpus") { Description = "per-cell: each cell's nodes on a CPU of their own, standing in for a cell's own machines (default); shared: every process on every CPU (the only choice with --attach)" };

        var command = new Command("chaos", "kill, pause, cut off, stall, shift and fail over cells under load from a seed, then check that no money was lost, created or applied twice")
        {
            topology, duration, seed, faults, rate, accounts, report, attach, data, token, cpus,
        };
        command.SetAction(async (parsed, cancel) =>
        {
            ChaosPlan plan;
            Topology.Topology loaded;
            try
            {
                if (!ArrivalSchedule.TryParseDuration(parsed.GetValue(duration)!, out var span) || span < ChaosPlan.WarmUp + ChaosPlan.Tail + TimeSpan.FromSeconds(5))
                    throw new FormatException($"--duration '{parsed.GetValue(duration)}' must be a duration of at least {(ChaosPlan.WarmUp + ChaosPlan.Tail).TotalSeconds + 5:0} s (90s, 10m)");
                var reportFolder = parsed.GetValue(report) ?? Path.Combine("chaos-reports", DateTime.Now.ToString("yyyyMMdd-HHmmss"));
                var attachment = parsed.GetValue(attach) ? new ChaosAttachment(Path.GetFullPath(parsed.GetValue(data)!), parsed.GetValue(token)) : null;
                loaded = TopologyLoader.Load(parsed.GetValue(topology)!, attachment?.DataFolder ?? Path.Combine(reportFolder, "data"));
                var kinds = parsed.GetValue(faults) is { } named ? FaultPlan.ParseKinds(named) : FaultPlan.Possible(ChaosTargets.Of(loaded));
                var cellCpus = parsed.GetValue(cpus) switch
                {
                    null => attachment is null,
                    "per-cell" when attachment is not null => throw new FormatException("--cpus per-cell: an attached cluster's processes compute where they were started"),
                    "per-cell" => true,
                    "shared" => false,
                    var other => throw new FormatException($"--cpus '{other}' is neither per-cell nor shared"),
                };
                plan = new ChaosPlan(parsed.GetValue(topology)!, span, parsed.GetValue(seed) ?? Random.Shared.Next(), kinds,
                    parsed.GetValue(rate), parsed.GetValue(accounts), reportFolder, attachment, cellCpus);
                if (plan.Rate is <= 0 or > 5_000) throw new FormatException("--rate must be above 0 and at most 5000");
                if (plan.Accounts < 2) throw new FormatException("--accounts must be at least 2");
                Refuse(loaded, plan);
            }
            catch (Exception e) when (e is FormatException or TopologyException)
            {
                await Console.Error.WriteLineAsync($"akkapay chaos: {e.Message}");
                return ExitCodes.Refused;
            }
            return await ChaosSession.RunAsync(plan, loaded, cancel);
        });
        return command;
    }

    /// <summary>What a run cannot do with this topology, said before anything starts.</summary>
    private static void Refuse(Topology.Topology topology, ChaosPlan plan)
    {
        if (topology.Nodes.Count == 0) throw new FormatException("the topology has no nodes section: chaos needs a multi-process topology");
        if (!topology.Nodes.Any(n => n.Router)) throw new FormatException("the topology has no router node to send the workload to");
        if (topology.Cells.Any(c => c.JournalBySite.Values.Prepend(c.Journal).Any(j => j.Provider == JournalProvider.SqlServer)))
            throw new FormatException("chaos starts SQLite and PostgreSQL topologies; it does not start SQL Server");
        if (ChaosDatabases.Problems(topology) is { Count: > 0 } problems) throw new FormatException(string.Join("; ", problems));
        if (plan.Attachment is { } attachment)
        {
            if (attachment.OperatorToken is null && plan.Faults.Any(kind => kind is FaultKind.Shift or FaultKind.Failover))
                throw new FormatException("--attach with shift or failover needs the cluster's operator token (--token)");
            if (topology.Cells.Select(c => c.Journal).FirstOrDefault(j => j.Provider == JournalProvider.Sqlite && !File.Exists(SqliteJournalFile.PathOf(j.ConnectionString))) is { } missing)
                throw new FormatException($"--attach: no journal at {SqliteJournalFile.PathOf(missing.ConnectionString)} (is --data the nodes' data folder?)");
        }
        if (plan.Faults.Contains(FaultKind.Partition) && NetworkPartitions.Unavailable() is { } why) throw new FormatException(why);
        if (FaultPlan.Impossible(plan.Faults, ChaosTargets.Of(topology)) is { Count: > 0 } impossible)
            throw new FormatException($"no cell of the topology can take {string.Join(", ", impossible.Select(kind => kind.Name()))} (shift needs a blue and a green node in a cell's site, failover nodes in two sites, db-stall a PostgreSQL journal)");
    }
}
