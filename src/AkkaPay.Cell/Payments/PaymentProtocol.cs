using AkkaPay.Domain;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Cell.Payments;

public sealed record StartPayment(PaymentId PaymentId, PaymentOrder Order, string TraceId) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => PaymentId.Value;
}

public sealed record GetPayment(PaymentId PaymentId) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => PaymentId.Value;
}

/// <summary>Wakes a payment the journal lists as pending; its recovery resumes it, so an awake payment ignores this.</summary>
public sealed record ResumePayment(PaymentId PaymentId) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => PaymentId.Value;
}

/// <summary>Sent by a refund to the merchant payment it refunds.</summary>
public sealed record ReserveRefund(PaymentId PaymentId, string RefundId, long Amount) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => PaymentId.Value;
}

public sealed record ReleaseRefund(PaymentId PaymentId, string RefundId) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => PaymentId.Value;
}

public sealed record RefundReservation(string RefundId, Rejection? Refused) : IAkkaPayMessage;

public sealed record RefundReleaseConfirmed(string RefundId) : IAkkaPayMessage;

/// <summary>The answer to a payment request: final, or still pending when the caller's wait ran out.</summary>
public sealed record PaymentOutcome(string PaymentId, PaymentStatus Status, long Fee, Rejection? Failure) : IAkkaPayMessage;

public sealed record PaymentView(
    string PaymentId,
    bool Exists,
    PaymentStatus Status,
    PaymentOrder? Order,
    long Fee,
    long Refunded,
    string? TraceId,
    Rejection? Failure,
    IReadOnlyList<PaymentStep> History) : IAkkaPayMessage;
