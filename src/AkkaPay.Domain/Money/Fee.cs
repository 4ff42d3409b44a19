namespace AkkaPay.Domain.Money;

/// <summary>
/// A merchant fee as a rate in basis points (1 bp = 0.01 %). The fee of an amount is
/// amount × rate / 10 000 rounded half up to the minor unit, computed in 128 bits so it never overflows.
/// </summary>
public sealed record FeeRate
{
    public const int BasisPointsMax = 10_000;

    public FeeRate(int basisPoints)
    {
        if (basisPoints is < 0 or > BasisPointsMax)
            throw new ArgumentOutOfRangeException(nameof(basisPoints), basisPoints, $"fee rate must be 0..{BasisPointsMax} basis points");
        BasisPoints = basisPoints;
    }

    public int BasisPoints { get; }

    public long FeeOf(long amount)
    {
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount), amount, "amount must be positive");
        var scaled = (Int128)amount * BasisPoints;
        return (long)((scaled + BasisPointsMax / 2) / BasisPointsMax);
    }
}
