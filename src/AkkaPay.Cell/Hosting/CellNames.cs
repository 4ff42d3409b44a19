using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Hosting;

/// <summary>The names a cell's parts carry in the cluster: its node role and its shard region type names; the router's and the colors' roles.</summary>
public static class CellNames
{
    /// <summary>The role of unit router nodes: they serve the API and keep the routing table.</summary>
    public const string RouterRole = "router";

    /// <summary>
    /// The role of the nodes whose majority the split-brain resolver counts, when a topology names any (ADR 13): one
    /// per site and a witness in a third, so the survivors of a whole site's loss keep the majority.
    /// </summary>
    public const string QuorumRole = "quorum";

    /// <summary>The cluster singleton that journals the routing table: its manager runs at /user/{name} on router nodes, the keeper at /user/{name}/{name}.</summary>
    public const string RoutingTableSingleton = "routing-table";

    public static string Role(string cellId) => $"cell-{cellId}";

    private const string ColorRolePrefix = "color-";

    public static string ColorRole(NodeColor color) => ColorRolePrefix + color.Name();

    /// <summary>The color a node's roles give it; null for a node without one.</summary>
    public static NodeColor? ColorOf(IEnumerable<string> roles) =>
        roles.FirstOrDefault(role => role.StartsWith(ColorRolePrefix, StringComparison.Ordinal)) is { } role && NodeColors.TryParse(role[ColorRolePrefix.Length..], out var color)
            ? color
            : null;

    public static string AccountRegion(string cellId) => $"account-{cellId}";

    public static string PaymentRegion(string cellId) => $"payment-{cellId}";

    public static string SubAccountRegion(string cellId) => $"subaccount-{cellId}";

    public static string AuditRegion(string cellId) => $"audit-{cellId}";
}
