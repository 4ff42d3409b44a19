using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Domain.Tests;

/// <summary>Routing tables the routing tests share.</summary>
internal static class Tables
{
    /// <summary>c0 owns buckets 00-49, c1 owns 50-99, both active in site-a: version 1.</summary>
    public static readonly RoutingTable TwoCells = RoutingTable.Create(
        new Dictionary<string, IReadOnlyList<BucketRange>> { ["c0"] = [new BucketRange(0, 49)], ["c1"] = [new BucketRange(50, 99)] },
        new Dictionary<string, string> { ["c0"] = "site-a", ["c1"] = "site-a" });
}
