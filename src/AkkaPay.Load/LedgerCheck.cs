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
    /// Waits (bounded) for money in transit to settle and the ledger to balance (a payment a dead node left between
    /// its legs completes once its cell resumes it), then audits and looks up every acknowledged payment.
    /// </summary>
    public static async Task<LedgerCheckResult> RunAsync(RouterClient client, IReadOnlyCollection<string> acknowledged, CancellationToken cancel)
    {
        var audit = await client.Get("/admin/ledger/audit", cancel);
        var deadline = DateTime.UtcNow + SettleMax;
        while (audit.Ok && (audit.Body.GetProperty("inTransit").ToString() != "0" || !audit.Body.GetProperty("balanced").GetBoolean()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, cancel);
            audit = await client.Get("/admin/ledger/audit", cancel);
        }
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
