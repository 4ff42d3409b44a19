using System.Collections.Concurrent;
using System.Collections.Frozen;
using Akka.Actor;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Hosting;

/// <summary>
/// The unit router's map: an account's bucket names its cell (the routing table replicated from the cluster),
/// the cell names its shard regions (started here for the cells this node hosts, proxies for the others).
/// Every message to an account or a payment, from the router or between cells, is addressed through it.
/// </summary>
public sealed class CellDirectory(IEnumerable<string> cells)
{
    private readonly FrozenSet<string> _cells = cells.ToFrozenSet(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CellRegionRefs> _regions = new();
    private readonly TaskCompletionSource _routingKnown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _adopting = new();
    private volatile RoutingTable? _routing;

    /// <summary>The cells of the topology.</summary>
    public IReadOnlyCollection<string> Cells => _cells;

    /// <summary>The newest routing table this node has received; none before the first one arrives.</summary>
    public RoutingTable Routing => _routing ?? throw new InvalidOperationException("this node has not received the routing table yet");

    /// <summary>Completes when the first routing table arrives.</summary>
    public Task RoutingKnown => _routingKnown.Task;

    public string CellOf(AccountId account) => Routing.CellOf(account);

    public IActorRef AccountsOf(AccountId account) => Regions(CellOf(account)).Accounts;

    public IActorRef PaymentsOf(PaymentId payment) => Regions(CellOf(payment.Scope)).Payments;

    /// <summary>The auditor of a cell: the only way to learn what its journal holds.</summary>
    public IActorRef AuditorOf(string cell) => Regions(cell).Auditor;

    /// <summary>True once the routing table has arrived and every cell has its regions (or proxies) started on this node.</summary>
    public bool IsComplete => _routing is not null && _cells.All(_regions.ContainsKey);

    /// <summary>Takes a newer routing table; an older or equal version is ignored.</summary>
    /// <returns>Why the table was refused, or null.</returns>
    public string? Adopt(RoutingTable table)
    {
        if (!table.Cells.ToHashSet().SetEquals(_cells))
            return $"it names the cells {string.Join(", ", table.Cells)}, this node is configured for {string.Join(", ", _cells.Order())}";
        lock (_adopting)
        {
            if (_routing is { } current && current.Version >= table.Version) return null;
            _routing = table;
        }
        _routingKnown.TrySetResult();
        return null;
    }

    public void Register(string cell, IActorRef accounts, IActorRef payments, IActorRef auditor)
    {
        if (!_cells.Contains(cell)) throw new ArgumentException($"cell {cell} is not one of this node's cells", nameof(cell));
        if (!_regions.TryAdd(cell, new CellRegionRefs(accounts, payments, auditor))) throw new InvalidOperationException($"cell {cell} registered twice");
    }

    private CellRegionRefs Regions(string cell) =>
        _regions.TryGetValue(cell, out var regions) ? regions : throw new InvalidOperationException($"cell {cell} has no regions on this node yet");

    private sealed record CellRegionRefs(IActorRef Accounts, IActorRef Payments, IActorRef Auditor);
}
