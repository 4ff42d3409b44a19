namespace AkkaPay.Domain.Money;

/// <summary>An ISO-4217 currency that AkkaPay books. The numeric code names the currency inside internal account ids.</summary>
public readonly record struct Currency
{
    private static readonly Dictionary<string, int> NumericCodes = new()
    {
        ["CNY"] = 156, ["USD"] = 840, ["EUR"] = 978, ["HKD"] = 344,
        ["JPY"] = 392, ["GBP"] = 826, ["SGD"] = 702,
    };

    public static readonly Currency Cny = new("CNY");

    private Currency(string code) => Code = code;

    public string Code { get; }

    public int NumericCode => NumericCodes[Code];

    public static IReadOnlyCollection<string> Supported => NumericCodes.Keys;

    public static bool TryParse(string? text, out Currency currency, out string error)
    {
        currency = default;
        if (text is null || text.Length != 3 || !text.All(char.IsAsciiLetterUpper))
        {
            error = "currency must be three capital letters (ISO 4217)";
            return false;
        }
        if (!NumericCodes.ContainsKey(text))
        {
            error = $"currency '{text}' is not booked here; supported: {string.Join(", ", Supported)}";
            return false;
        }
        currency = new Currency(text);
        error = "";
        return true;
    }

    public static bool TryFromNumericCode(int numericCode, out Currency currency)
    {
        foreach (var (code, numeric) in NumericCodes)
            if (numeric == numericCode)
            {
                currency = new Currency(code);
                return true;
            }
        currency = default;
        return false;
    }

    public static Currency Parse(string text) =>
        TryParse(text, out var currency, out var error) ? currency : throw new FormatException(error);

    public override string ToString() => Code;
}
