namespace AkkaPay.Chaos.Faults;

/// <summary>
/// A fault as it happened: from its injection to the moment the cluster was healthy again (nodes restarted and
/// ready, the shift or failover settled), the cells it hit, and what came of it.
/// </summary>
public sealed record FaultWindow(int Number, string Kind, string Target, IReadOnlyList<string> Cells, double StartMs, double EndMs, string Outcome)
{
    public bool Covers(double ms) => ms >= StartMs && ms <= EndMs;
}
