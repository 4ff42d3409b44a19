namespace AkkaPay.Chaos.Checking;

/// <summary>
/// The ledger's own invariants, from the journals alone: every ledger's entries chain (each balance is the one
/// before plus the amount), every posting booked once, every payment's postings sum to zero, no payment left
/// unfinished, Σ of all balances zero, nothing in transit, no customer below zero, and each account's balance as
/// the cluster reports it equal to its entries.
/// </summary>
public static class LedgerChecks
{
    public static IEnumerable<Anomaly> Check(LedgerFold fold, IReadOnlyDictionary<string, long> reportedBalances)
    {
        foreach (var (ledger, entries) in fold.Ledgers)
        {
            var balance = 0L;
            foreach (var entry in entries)
            {
                if (entry.BalanceAfter != balance + entry.Amount)
                    yield return new Anomaly(AnomalyKinds.EntrySequenceBroken, ledger,
                        $"{entry.PostingId} of {entry.Amount} left {entry.BalanceAfter} after {balance} (should be {balance + entry.Amount})", []);
                balance = entry.BalanceAfter;
            }
        }

        var all = fold.Ledgers.SelectMany(ledger => ledger.Value.Select(entry => (Ledger: ledger.Key, Entry: entry))).ToList();
        foreach (var posting in all.GroupBy(p => p.Entry.PostingId).Where(g => g.Count() > 1))
            yield return new Anomaly(AnomalyKinds.AppliedTwice, posting.Key, $"booked {posting.Count()} times (on {string.Join(", ", posting.Select(p => p.Ledger))})", []);
        foreach (var payment in all.GroupBy(p => p.Entry.PaymentId))
        {
            var sum = payment.Aggregate(Int128.Zero, (total, p) => total + p.Entry.Amount);
            if (sum != 0)
                yield return new Anomaly(AnomalyKinds.PartiallyApplied, payment.Key,
                    $"its postings sum to {sum}, not 0: {string.Join(", ", payment.Select(p => $"{p.Entry.PostingId} {p.Entry.Amount} on {p.Ledger}"))}", []);
        }
        foreach (var fate in fold.Payments.Values.Where(f => f.Status is not (Domain.Payments.PaymentStatus.Succeeded or Domain.Payments.PaymentStatus.Failed)))
            yield return new Anomaly(AnomalyKinds.StuckPayment, fate.PaymentId, $"still {fate.Status} after the run", []);

        if (fold.Summary.Sum != 0) yield return new Anomaly(AnomalyKinds.NotConserved, "ledger", $"Σ of all balances is {fold.Summary.Sum}, not 0", []);
        if (fold.Summary.InTransit != 0) yield return new Anomaly(AnomalyKinds.StuckInTransit, "ledger", $"{fold.Summary.InTransit} still in transit after the run", []);
        foreach (var customer in fold.Summary.CustomersBelowZero) yield return new Anomaly(AnomalyKinds.BelowZero, customer, "a customer's balance is below zero", []);

        foreach (var (account, reported) in reportedBalances)
        {
            var booked = WholeBalance(fold, account);
            if (booked != reported) yield return new Anomaly(AnomalyKinds.BalanceDiffers, account, $"the cluster reports {reported}, its entries make {booked}", []);
        }
    }

    /// <summary>An account's last balance plus its sub-accounts' (a hot account's balance is all of them).</summary>
    private static long WholeBalance(LedgerFold fold, string account) =>
        fold.Ledgers.Where(ledger => ledger.Key == account || ledger.Key.StartsWith(account + "/", StringComparison.Ordinal))
            .Sum(ledger => ledger.Value.Count == 0 ? 0 : ledger.Value[^1].BalanceAfter);
}
