using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Routing;

/// <summary>An inclusive range of buckets, written "00-24" (or "37" for one bucket).</summary>
public readonly record struct BucketRange(int First, int Last)
{
    public IEnumerable<int> Buckets => Enumerable.Range(First, Last - First + 1);

    public static bool TryParse(string? text, out BucketRange range)
    {
        range = default;
        if (text is null) return false;
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiDigit))) return false;
        var first = int.Parse(parts[0]);
        var last = int.Parse(parts[^1]);
        if (first > last || last >= Bucket.Count) return false;
        range = new BucketRange(first, last);
        return true;
    }

    public override string ToString() => First == Last ? $"{First:00}" : $"{First:00}-{Last:00}";
}
