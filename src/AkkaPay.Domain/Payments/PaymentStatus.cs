namespace AkkaPay.Domain.Payments;

public enum PaymentStatus
{
    /// <summary>Nothing recorded yet.</summary>
    New,
    /// <summary>Intent persisted; legs being booked.</summary>
    Pending,
    Succeeded,
    /// <summary>Refused or compensated; no money moved in the end.</summary>
    Failed,
}
