using AkkaPay.Domain.Payments;

namespace AkkaPay.Chaos.Checking;

/// <summary>
/// The history against the journals: an acknowledged payment exists, is final and has its debit and credit booked;
/// a refused one never succeeded; every definite answer of one payment (first send and replays) says the same.
/// </summary>
public static class HistoryChecks
{
    private const string IdempotencyKeyReused = "idempotency_key_reused";

    public static IEnumerable<Anomaly> Check(IEnumerable<Attempt> history, LedgerFold fold)
    {
        var postings = fold.Ledgers.Values.SelectMany(entries => entries).Select(entry => entry.PostingId).ToHashSet();
        foreach (var attempts in history.GroupBy(a => a.PaymentId))
        {
            var ids = attempts.Select(a => a.RequestId).Distinct().ToList();
            var paymentId = attempts.Key;
            var fate = fold.Payments.GetValueOrDefault(paymentId);
            var answeredSucceeded = attempts.Any(a => a.Outcome == "succeeded");
            if (attempts.Any(a => a.Kind == AnswerKind.Acknowledged))
            {
                if (fate is null)
                    yield return new Anomaly(AnomalyKinds.LostAcknowledged, paymentId, "acknowledged, but no cell's journal holds it", ids);
                else if (answeredSucceeded && fate.Status == PaymentStatus.Failed)
                    yield return new Anomaly(AnomalyKinds.AcknowledgedThenFailed, paymentId, "answered succeeded, but its journal says it failed", ids);
                // a success is answered once its last leg is booked, before its outcome is written: one still pending
                // is a stuck payment (LedgerChecks), but its legs must be there
                else if ((answeredSucceeded || fate.Status == PaymentStatus.Succeeded) && Missing(postings, paymentId) is { Count: > 0 } missing)
                    yield return new Anomaly(AnomalyKinds.LostAcknowledged, paymentId, $"succeeded, but {string.Join(" and ", missing)} not booked", ids);
            }
            else if (attempts.Any(a => a.Kind == AnswerKind.Refused) && fate?.Status == PaymentStatus.Succeeded)
            {
                yield return new Anomaly(AnomalyKinds.RefusedButBooked, paymentId, "refused to the client, but succeeded in the journal", ids);
            }

            var outcomes = attempts.Where(a => a.Kind != AnswerKind.Unknown && a.Outcome != "accepted").OrderBy(a => a.AnsweredMs).Select(a => a.Outcome).Distinct().ToList();
            if (outcomes.Count > 1)
                yield return new Anomaly(AnomalyKinds.ReplayDiffers, paymentId, $"answered {string.Join(", then ", outcomes)}", ids);
            if (attempts.Any(a => a.Replay && a.Code == IdempotencyKeyReused))
                yield return new Anomaly(AnomalyKinds.ReplayDiffers, paymentId, "a replay of the same request was refused as a reused idempotency key", ids);
        }
    }

    /// <summary>The legs every succeeded payment books, whatever its kind: the payer's debit and the payee's credit.</summary>
    private static List<string> Missing(HashSet<string> postings, string paymentId) =>
        [.. new[] { LegKind.Debit, LegKind.Credit }.Select(leg => $"{paymentId}/{leg.PostingName()}").Where(posting => !postings.Contains(posting))];
}
