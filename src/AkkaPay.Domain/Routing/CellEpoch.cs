namespace AkkaPay.Domain.Routing;

/// <summary>
/// A cell's fencing number. Every failover raises it; the cell's journal database keeps the highest one, and a
/// journal write by a node that holds an older epoch is refused in the same transaction, so a node of the old site
/// that wakes up late can make nothing durable and so acknowledge nothing.
/// </summary>
public readonly record struct CellEpoch(long Value)
{
    public static readonly CellEpoch First = new(1);

    public CellEpoch Next() => new(checked(Value + 1));

    /// <summary>True when a writer holding this epoch may write to a journal whose highest epoch is <paramref name="stored"/>.</summary>
    public bool Admitted(CellEpoch stored) => Value >= stored.Value;

    public override string ToString() => Value.ToString();
}
