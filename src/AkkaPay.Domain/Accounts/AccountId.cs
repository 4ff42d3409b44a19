namespace AkkaPay.Domain.Accounts;

/// <summary>A 16-digit account id. Its last two digits are its bucket. Ids starting with "99" are internal accounts.</summary>
public readonly record struct AccountId
{
    public const int Length = 16;
    public const string InternalPrefix = "99";

    private AccountId(string value) => Value = value;

    public string Value { get; }

    public Bucket Bucket => new((Value[^2] - '0') * 10 + (Value[^1] - '0'));

    public bool IsInternal => Value.StartsWith(InternalPrefix, StringComparison.Ordinal);

    public static bool TryParse(string? text, out AccountId id)
    {
        id = default;
        if (text is null || text.Length != Length || !text.All(char.IsAsciiDigit)) return false;
        id = new AccountId(text);
        return true;
    }

    public static AccountId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"account id must be {Length} digits: '{text}'");

    public override string ToString() => Value;
}
