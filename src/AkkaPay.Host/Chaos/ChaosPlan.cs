using AkkaPay.Chaos.Faults;

namespace AkkaPay.Host.Chaos;

/// <summary>What `akkapay chaos` was asked to do.</summary>
/// <param name="Accounts">Personal accounts the workload opens and funds (spread over every bucket).</param>
public sealed record ChaosPlan(string TopologyPath, TimeSpan Duration, int Seed, IReadOnlyList<FaultKind> Faults, double Rate, int Accounts, string ReportFolder)
{
    /// <summary>No fault starts before this: the latency of the cells with no fault is measured from here on.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    /// <summary>No fault starts later than this before the end: the run ends with every cell serving.</summary>
    public static readonly TimeSpan Tail = TimeSpan.FromSeconds(5);
}
