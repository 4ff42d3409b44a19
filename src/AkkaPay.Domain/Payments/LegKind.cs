namespace AkkaPay.Domain.Payments;

/// <summary>What a leg of a payment does. Its name ends the leg's posting id ("{paymentId}/{name}"), which accounts book once.</summary>
public enum LegKind
{
    Debit,
    IntoTransit,
    Credit,
    Fee,
    OutOfTransit,
    IntoTransitReversal,
    DebitReversal,
    FeeReversal,
}

public static class LegKinds
{
    /// <summary>The suffix of the leg's posting id. Journals hold these names: they never change.</summary>
    public static string PostingName(this LegKind kind) => kind switch
    {
        LegKind.Debit => "debit",
        LegKind.IntoTransit => "in-transit",
        LegKind.Credit => "credit",
        LegKind.Fee => "fee",
        LegKind.OutOfTransit => "in-transit-settle",
        LegKind.IntoTransitReversal => "in-transit-reversal",
        LegKind.DebitReversal => "debit-reversal",
        LegKind.FeeReversal => "fee-reversal",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown leg kind"),
    };
}
