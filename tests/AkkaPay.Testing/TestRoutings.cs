using AkkaPay.Domain.Routing;

namespace AkkaPay.Testing;

/// <summary>Routing tables the multi-node tests share.</summary>
public static class TestRoutings
{
    /// <summary>c0 owns buckets 00-49, c1 owns 50-99, both in site-a.</summary>
    public static readonly RoutingTable TwoCells = RoutingTable.Create(
        new Dictionary<string, IReadOnlyList<BucketRange>> { ["c0"] = [new BucketRange(0, 49)], ["c1"] = [new BucketRange(50, 99)] },
        new Dictionary<string, string> { ["c0"] = "site-a", ["c1"] = "site-a" });
}
