namespace AkkaPay.Cell.Hosting;

/// <summary>The names a cell's parts carry in the cluster: its node role and its shard region type names; and the router's role.</summary>
public static class CellNames
{
    /// <summary>The role of unit router nodes: they serve the API and keep the routing table.</summary>
    public const string RouterRole = "router";

    public static string Role(string cellId) => $"cell-{cellId}";

    public static string AccountRegion(string cellId) => $"account-{cellId}";

    public static string PaymentRegion(string cellId) => $"payment-{cellId}";

    public static string SubAccountRegion(string cellId) => $"subaccount-{cellId}";

    public static string AuditRegion(string cellId) => $"audit-{cellId}";
}
