namespace AkkaPay.Domain.Payments;

public enum PaymentStatus
{
    /// <summary>Nothing recorded yet.</summary>
    New,
    /// <summary>Intent persisted; legs being booked.</summary>
    Pending,
    /// <summary>Debited in the payer's cell, the credit on its way to the payee's cell (an answer, never persisted).</summary>
    InTransit,
    Succeeded,
    /// <summary>Refused or compensated; no money moved in the end.</summary>
    Failed,
}
