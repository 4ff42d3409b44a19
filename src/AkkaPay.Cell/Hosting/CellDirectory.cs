using System.Collections.Concurrent;
using Akka.Actor;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Hosting;

/// <summary>
/// The unit router's map: an account's bucket names its cell (routing table), the cell names its shard
/// regions (started here for the cells this node hosts, proxies for the others). Every message to an
/// account or a payment, from the router or between cells, is addressed through it.
/// </summary>
public sealed class CellDirectory(RoutingTable routing)
{
    private readonly ConcurrentDictionary<string, CellRegionRefs> _regions = new();

    public RoutingTable Routing { get; } = routing;

    public string CellOf(AccountId account) => Routing.CellOf(account);

    public IActorRef AccountsOf(AccountId account) => Regions(CellOf(account)).Accounts;

    public IActorRef PaymentsOf(PaymentId payment) => Regions(CellOf(payment.Scope)).Payments;

    /// <summary>The auditor of a cell: the only way to learn what its journal holds.</summary>
    public IActorRef AuditorOf(string cell) => Regions(cell).Auditor;

    /// <summary>True once every cell of the routing table has its regions (or proxies) started on this node.</summary>
    public bool IsComplete => Routing.Cells.All(_regions.ContainsKey);

    public void Register(string cell, IActorRef accounts, IActorRef payments, IActorRef auditor)
    {
        if (!Routing.SiteByCell.ContainsKey(cell)) throw new ArgumentException($"cell {cell} is not in the routing table", nameof(cell));
        if (!_regions.TryAdd(cell, new CellRegionRefs(accounts, payments, auditor))) throw new InvalidOperationException($"cell {cell} registered twice");
    }

    private CellRegionRefs Regions(string cell) =>
        _regions.TryGetValue(cell, out var regions) ? regions : throw new InvalidOperationException($"cell {cell} has no regions on this node yet");

    private sealed record CellRegionRefs(IActorRef Accounts, IActorRef Payments, IActorRef Auditor);
}
