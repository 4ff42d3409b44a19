namespace AkkaPay.Domain.Accounts;

/// <summary>The unit of routing: the last two digits of an account id, 0–99.</summary>
public readonly record struct Bucket
{
    public const int Count = 100;

    public Bucket(int value)
    {
        if (value is < 0 or >= Count) throw new ArgumentOutOfRangeException(nameof(value), value, "bucket must be 0..99");
        Value = value;
    }

    public int Value { get; }

    public override string ToString() => Value.ToString("00");
}
