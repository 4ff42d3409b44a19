using System.Collections.Concurrent;

namespace AkkaPay.Load;

/// <summary>After a run: the ledger audit (Σ = 0, nobody below zero, nothing in transit) and every acknowledged payment found.</summary>
public sealed record LedgerCheckResult(bool AuditAnswered, bool Balanced, string Total, string InTransit, IReadOnlyList<string> CustomersBelowZero,
    int Acknowledged, int Found, IReadOnlyList<string> Missing)
{
    public bool Clean => AuditAnswered && Balanced && Missing.Count == 0;
}

public static class LedgerCheck
{
    private static readonly TimeSpan SettleMax = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The ledger audit, asked again every half second until it is settled, for at most <paramref name="within"/>:
    /// the last answer (settled, or not an answer at all, or the last unsettled one).
    /// </summary>
    public static async Task<Answer> SettledAudit(RouterClient client, TimeSpan within, CancellationToken cancel)
    {
        var audit = await client.Get("/admin/ledger/audit", cancel);
        var deadline = DateTime.UtcNow + within;
        while (audit.Ok && !IsSettled(audit) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, cancel);
            audit = await client.Get("/admin/ledger/audit", cancel);
        }
        return audit;
    }

    /// <summary>
    /// An audit answer with nothing in transit, no payment pending and the ledger balanced. A payment answered
    /// succeeded may still be pending: its outcome is written after its last leg is booked and answered.
    /// </summary>
    public static bool IsSettled(Answer audit) =>
        audit.Ok && audit.Body.GetProperty("inTransit").ToString() == "0" && audit.Body.GetProperty("pendingPayments").GetInt32() == 0
        && audit.Body.GetProperty("balanced").GetBoolean();

    /// <summary>
    /// Waits (bounded) for money in transit to settle and the ledger to balance (a payment a dead node left between
    /// its legs completes once its cell resumes it), then audits and looks up every acknowledged payment.
    /// </summary>
    public static async Task<LedgerCheckResult> RunAsync(RouterClient client, IReadOnlyCollection<string> acknowledged, CancellationToken cancel)
    {
        var audit = await SettledAudit(client, SettleMax, cancel);
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancel }, async (paymentId, token) =>
        {
            if (!(await client.Get($"/v1/payments/{paymentId}", token)).Ok) missing.Add(paymentId);
        });
        if (!audit.Ok) return new LedgerCheckResult(false, false, "?", "?", [], acknowledged.Count, acknowledged.Count - missing.Count, [.. missing]);
        var body = audit.Body;
        var belowZero = body.GetProperty("cells").EnumerateArray().SelectMany(c => c.GetProperty("customersBelowZero").EnumerateArray().Select(a => a.GetString()!)).ToList();
        return new LedgerCheckResult(true, body.GetProperty("balanced").GetBoolean(), body.GetProperty("total").ToString(), body.GetProperty("inTransit").ToString(),
            belowZero, acknowledged.Count, acknowledged.Count - missing.Count, [.. missing.Order()]);
    }
}
