using AkkaPay.Chaos.Faults;

namespace AkkaPay.Host.Chaos;

/// <summary>What `akkapay chaos` was asked to do.</summary>
/// <param name="Accounts">Personal accounts the workload opens and funds (spread over every bucket).</param>
/// <param name="Attachment">The running cluster to fault, or null: the run starts the topology's processes.</param>
/// <param name="CellCpus">Each cell's nodes on a CPU of their own (<see cref="Chaos.CellCpus"/>); otherwise every process on every CPU.</param>
public sealed record ChaosPlan(string TopologyPath, TimeSpan Duration, int Seed, IReadOnlyList<FaultKind> Faults, double Rate, int Accounts, string ReportFolder,
    ChaosAttachment? Attachment = null, bool CellCpus = false)
{
    /// <summary>No fault starts before this: the latency of the cells with no fault is measured from here on.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Four digits in the run's account ids and request ids. From the seed alone for a run on fresh processes, so that
    /// a replay has the same ids; for an attached cluster also from the time, because its journal already holds
    /// the ids of every earlier run, and a replayed request id would be answered from the first run.
    /// </summary>
    public string Tag { get; } = $"{((Attachment is null ? Seed : Seed ^ (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds()) & int.MaxValue) % 10_000:0000}";

    /// <summary>
    /// How long a run of at least <see cref="LongRun"/> sends its workload without faults after the warm-up: the
    /// isolation table's baseline, each cell's p99 with no fault under way, needs more than the few seconds
    /// between the faults (a short run, the suite's, has no time for it and a thinner baseline).
    /// </summary>
    public TimeSpan Quiet => Duration >= LongRun ? TimeSpan.FromSeconds(20) : TimeSpan.Zero;

    public static readonly TimeSpan LongRun = TimeSpan.FromMinutes(5);

    /// <summary>No fault starts later than this before the end: the run ends with every cell serving.</summary>
    public static readonly TimeSpan Tail = TimeSpan.FromSeconds(5);
}

/// <summary>A running cluster a run attaches to.</summary>
/// <param name="DataFolder">The nodes' data folder, where the run reads their SQLite journals.</param>
/// <param name="OperatorToken">The cluster's operator token, for shift and failover (and to read where cells are active).</param>
public sealed record ChaosAttachment(string DataFolder, string? OperatorToken);
