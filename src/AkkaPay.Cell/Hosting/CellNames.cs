namespace AkkaPay.Cell.Hosting;

/// <summary>The names a cell's parts carry in the cluster: its node role and its shard region type names.</summary>
public static class CellNames
{
    public static string Role(string cellId) => $"cell-{cellId}";

    public static string AccountRegion(string cellId) => $"account-{cellId}";

    public static string PaymentRegion(string cellId) => $"payment-{cellId}";

    public static string AuditRegion(string cellId) => $"audit-{cellId}";
}
