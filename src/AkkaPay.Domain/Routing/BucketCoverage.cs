namespace AkkaPay.Domain.Routing;

/// <summary>The cells' bucket ranges must cover 00–99, each bucket exactly once.</summary>
public static class BucketCoverage
{
    /// <returns>One message per problem; empty when every bucket has exactly one cell.</returns>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, IReadOnlyList<BucketRange>> rangesByCell)
    {
        var owners = new List<string>[Accounts.Bucket.Count];
        for (var bucket = 0; bucket < owners.Length; bucket++) owners[bucket] = [];
        foreach (var (cell, ranges) in rangesByCell)
            foreach (var bucket in ranges.SelectMany(range => range.Buckets))
                owners[bucket].Add(cell);

        var problems = new List<string>();
        var missing = Enumerable.Range(0, owners.Length).Where(b => owners[b].Count == 0).ToList();
        if (missing.Count > 0) problems.Add($"no cell owns bucket(s) {string.Join(", ", missing.Select(b => b.ToString("00")))}");
        foreach (var bucket in Enumerable.Range(0, owners.Length).Where(b => owners[b].Count > 1))
            problems.Add($"bucket {bucket:00} is owned by more than one cell: {string.Join(", ", owners[bucket])}");
        return problems;
    }
}
