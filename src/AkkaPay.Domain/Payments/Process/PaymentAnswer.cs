namespace AkkaPay.Domain.Payments.Process;

/// <summary>What a caller of a payment is told: its status, the fee, and why it failed.</summary>
public sealed record PaymentAnswer(PaymentStatus Status, long Fee, Rejection? Failure);
