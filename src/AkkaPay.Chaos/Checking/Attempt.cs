namespace AkkaPay.Chaos.Checking;

/// <summary>What an answer tells about its payment.</summary>
public enum AnswerKind
{
    /// <summary>2xx: the payment is durable (succeeded, or debited with its credit on the way).</summary>
    Acknowledged,
    /// <summary>A refusal of the payment itself (funds, accounts, refund rules): nothing may stay booked.</summary>
    Refused,
    /// <summary>No answer, a timeout or an unavailable cell: the payment may or may not have happened, but wholly if at all.</summary>
    Unknown,
}

/// <summary>
/// One request of the run as the history records it: what was asked, when it was meant to go, what came back.
/// </summary>
/// <param name="Cells">The cells the request touches (payer's first).</param>
/// <param name="IntendedMs">When the schedule meant to send it, from the start of the run.</param>
/// <param name="AnsweredMs">When its answer (or its failure) arrived.</param>
/// <param name="Status">The HTTP status; 0 when no answer came.</param>
/// <param name="Code">The problem's code of an error answer.</param>
/// <param name="PaymentStatus">The payment's status a 2xx answer gave (succeeded, in_transit).</param>
public sealed record Attempt(
    string RequestId, string PaymentId, string Flow, IReadOnlyList<string> Cells, double IntendedMs, double AnsweredMs,
    int Status, string? Code, string? PaymentStatus, bool Replay)
{
    /// <summary>Refusals that are the payment's own final answer; any other error leaves its fate unknown.</summary>
    private static readonly HashSet<string> FinalRefusals =
        ["insufficient_funds", "account_not_found", "currency_mismatch", "refund_exceeds_payment", "payment_not_refundable", "not_a_merchant", "limit_exceeded", "validation_error"];

    public AnswerKind Kind => Status is >= 200 and < 300 ? AnswerKind.Acknowledged
        : Status is >= 400 and < 500 && Code is not null && FinalRefusals.Contains(Code) ? AnswerKind.Refused
        : AnswerKind.Unknown;

    public double LatencyMs => AnsweredMs - IntendedMs;

    /// <summary>How two definite answers of one payment are compared: a succeeded payment never turns refused, nor one refusal into another.</summary>
    public string Outcome => Kind switch
    {
        AnswerKind.Acknowledged => PaymentStatus == "succeeded" ? "succeeded" : "accepted",
        AnswerKind.Refused => $"refused: {Code}",
        _ => "unknown",
    };
}
