using System.Collections.Immutable;

namespace AkkaPay.Domain.Payments;

/// <summary>One payment's life: the order, its status, its history and, for merchant payments, what was refunded.</summary>
public sealed record PaymentState
{
    public required string PaymentId { get; init; }
    public PaymentStatus Status { get; init; } = PaymentStatus.New;
    public PaymentOrder? Order { get; init; }
    public long Fee { get; init; }
    public string? TraceId { get; init; }

    /// <summary>When the payment started (its legs carry it).</summary>
    public DateTimeOffset InitiatedAt { get; init; }
    public Rejection? Failure { get; init; }

    /// <summary>While compensating: the fee was booked before the credit was refused, so it is reversed too.</summary>
    public bool FeeBookedBeforeRefusal { get; init; }
    public ImmutableList<PaymentStep> History { get; init; } = [];
    public ImmutableDictionary<string, long> Refunds { get; init; } = ImmutableDictionary<string, long>.Empty;

    public long RefundedAmount => Refunds.Values.Sum();

    public bool IsFinished => Status is PaymentStatus.Succeeded or PaymentStatus.Failed;

    /// <summary>Pending, but only to undo what was booked: the credit was refused for <see cref="Failure"/>.</summary>
    public bool IsCompensating => Status == PaymentStatus.Pending && Failure is not null;

    public StartDecision DecideStart(PaymentOrder order)
    {
        if (Status == PaymentStatus.New) return StartDecision.Begin;
        return order == Order ? StartDecision.Replay : StartDecision.KeyReused;
    }

    public static Rejection KeyReused(string paymentId) =>
        new(RejectionCodes.IdempotencyKeyReused, $"requestId of payment {paymentId} was used before with other parameters");

    /// <summary>Reserve part of this merchant payment for a refund; the same refund asking again gets its reservation back.</summary>
    public Decision<RefundReserved> DecideReserveRefund(string refundId, long amount, DateTimeOffset at)
    {
        if (Status == PaymentStatus.New) return Decision<RefundReserved>.Refuse(new Rejection(RejectionCodes.PaymentNotFound, $"payment {PaymentId} does not exist"));
        if (Order!.Kind != PaymentKind.MerchantPayment || Status != PaymentStatus.Succeeded)
            return Decision<RefundReserved>.Refuse(new Rejection(RejectionCodes.PaymentNotRefundable, $"payment {PaymentId} is not a succeeded merchant payment"));
        if (Refunds.TryGetValue(refundId, out var reserved))
            return reserved == amount
                ? Decision<RefundReserved>.AlreadyDone
                : Decision<RefundReserved>.Refuse(KeyReused(refundId));
        if (amount > Order.Amount - RefundedAmount)
            return Decision<RefundReserved>.Refuse(new Rejection(RejectionCodes.RefundExceedsPayment,
                $"payment {PaymentId} paid {Order.Amount}, {RefundedAmount} is refunded already, {amount} more is too much"));
        return Decision<RefundReserved>.Accept(new RefundReserved(refundId, amount, at));
    }

    public RefundReleased? DecideReleaseRefund(string refundId, DateTimeOffset at) =>
        Refunds.ContainsKey(refundId) ? new RefundReleased(refundId, at) : null;

    public PaymentState Apply(PaymentEvent paymentEvent) => paymentEvent switch
    {
        PaymentRejected rejected => this with
        {
            Status = PaymentStatus.Failed, Order = rejected.Order, TraceId = rejected.TraceId,
            Failure = new Rejection(rejected.Code, rejected.Detail),
            History = History.Add(new PaymentStep("rejected", rejected.At, rejected.Code)),
        },
        PaymentInitiated initiated => this with
        {
            Status = PaymentStatus.Pending, Order = initiated.Order, Fee = initiated.Fee, TraceId = initiated.TraceId, InitiatedAt = initiated.At,
            History = History.Add(new PaymentStep("initiated", initiated.At)),
        },
        PaymentSucceeded succeeded => this with
        {
            Status = PaymentStatus.Succeeded, History = History.Add(new PaymentStep("succeeded", succeeded.At)),
        },
        PaymentCompensating compensating => this with
        {
            Failure = new Rejection(compensating.Code, compensating.Detail), FeeBookedBeforeRefusal = compensating.FeeBooked,
            History = History.Add(new PaymentStep("compensating", compensating.At, compensating.Code)),
        },
        PaymentFailed failed => this with
        {
            Status = PaymentStatus.Failed, Failure = new Rejection(failed.Code, failed.Detail),
            History = History.Add(new PaymentStep("failed", failed.At, failed.Code)),
        },
        RefundReserved reserved => this with
        {
            Refunds = Refunds.Add(reserved.RefundId, reserved.Amount),
            History = History.Add(new PaymentStep("refund_reserved", reserved.At, $"{reserved.RefundId}: {reserved.Amount}")),
        },
        RefundReleased released => this with
        {
            Refunds = Refunds.Remove(released.RefundId),
            History = History.Add(new PaymentStep("refund_released", released.At, released.RefundId)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(paymentEvent), paymentEvent, "unknown payment event"),
    };
}
