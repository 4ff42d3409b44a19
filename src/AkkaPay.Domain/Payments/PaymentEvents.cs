namespace AkkaPay.Domain.Payments;

public abstract record PaymentEvent(DateTimeOffset At);

/// <summary>Refused before any money moved (payee missing, wrong currency, refund over the paid amount).</summary>
public sealed record PaymentRejected(string PaymentId, PaymentOrder Order, string TraceId, string Code, string Detail, DateTimeOffset At) : PaymentEvent(At);

/// <summary>The intent is durable; the legs may now be booked.</summary>
public sealed record PaymentInitiated(string PaymentId, PaymentOrder Order, long Fee, string TraceId, DateTimeOffset At) : PaymentEvent(At);

public sealed record PaymentSucceeded(DateTimeOffset At) : PaymentEvent(At);

/// <summary>
/// The payee refused the credit after the debit was booked: from here the payment only undoes what was booked.
/// Persisted before the reversals are sent, so a restart continues the undo instead of retrying the credit.
/// </summary>
/// <param name="FeeBooked">The fee was booked with the credit and is given back too (false in events written before
/// the fee was booked with the credit: then it came after the credit and was never booked).</param>
public sealed record PaymentCompensating(string Code, string Detail, DateTimeOffset At, bool FeeBooked = false) : PaymentEvent(At);

/// <summary>A leg was refused after initiation; whatever was booked has been reversed.</summary>
public sealed record PaymentFailed(string Code, string Detail, DateTimeOffset At) : PaymentEvent(At);

/// <summary>On a merchant payment: part of it is promised to a refund.</summary>
public sealed record RefundReserved(string RefundId, long Amount, DateTimeOffset At) : PaymentEvent(At);

/// <summary>On a merchant payment: a refund that failed gives its reservation back.</summary>
public sealed record RefundReleased(string RefundId, DateTimeOffset At) : PaymentEvent(At);
