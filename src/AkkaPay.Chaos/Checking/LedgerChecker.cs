namespace AkkaPay.Chaos.Checking;

/// <summary>What a run is checked with, after healing and quiescence.</summary>
/// <param name="History">Every request sent and its answer.</param>
/// <param name="Journal">Every stream of every cell's journal.</param>
/// <param name="ReportedBalances">The balance the cluster answers for each account of the run.</param>
/// <param name="RefusedWrites">Writes a journal refused because another writer held the sequence number.</param>
public sealed record CheckInput(
    IReadOnlyList<Attempt> History, IReadOnlyList<StoredStream> Journal, IReadOnlyDictionary<string, long> ReportedBalances, IReadOnlyList<RefusedWrite> RefusedWrites);

/// <summary>Every invariant of a run: the journals' (one writer at a time), the ledger's, and the history's against them.</summary>
public static class LedgerChecker
{
    public static IReadOnlyList<Anomaly> Check(CheckInput input)
    {
        var fold = LedgerFold.Of(input.Journal);
        return
        [
            .. JournalChecks.Check(input.Journal, input.RefusedWrites),
            .. LedgerChecks.Check(fold, input.ReportedBalances),
            .. HistoryChecks.Check(input.History, fold),
        ];
    }
}
