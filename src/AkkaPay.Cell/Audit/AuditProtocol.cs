namespace AkkaPay.Cell.Audit;

/// <summary>Asks a cell's auditor to fold its own journal.</summary>
public sealed record AuditCell(string CellId) : IAkkaPayMessage
{
    public const string EntityId = "ledger";
}

/// <summary>
/// One cell's ledger as its journal says: Σ of its balances (in-transit accounts included), money in transit,
/// customers below zero, and the payments not yet finished (null where the journal keeps no list of them).
/// </summary>
public sealed record CellAudit(string CellId, Int128 Sum, Int128 InTransit, int Accounts, IReadOnlyList<string> CustomersBelowZero, int? PendingPayments)
    : IAkkaPayMessage;
