namespace AkkaPay.Domain.Payments;

/// <summary>One line of a payment's history.</summary>
public sealed record PaymentStep(string Step, DateTimeOffset At, string? Detail = null);
