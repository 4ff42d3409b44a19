using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Routing;

/// <summary>
/// The one writer of the routing table: a cluster singleton on the router nodes that journals every version
/// and replicates the current one to every node (Akka.DistributedData). The first start adopts the topology's
/// table as version 1; after that the journal wins, so a full restart comes back with the last version. It also
/// answers the table's history (when, why, old → new) from its journal. For the cells that have automatic failover,
/// it watches its node's view of the cluster every second and fails a cell over by itself when
/// <see cref="AutomaticFailover"/> says so, as an operator's failover would be made and recorded. After any failover
/// it downs the unreachable nodes of the site the cell left, when its side holds the majority (<see cref="LostSiteDowner"/>).
/// </summary>
public sealed class RoutingTableKeeper : ReceivePersistentActor, IWithTimers
{
    public static readonly LWWRegisterKey<RoutingTableRecord> Key = new("routing-table");

    /// <summary>The register's clock is the table's version: a higher version always wins a merge.</summary>
    public static readonly Clock<RoutingTableRecord> VersionClock = (_, record) => record.Version;

    private static readonly TimeSpan WriteAllTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Versions kept in memory for <see cref="GetRoutingHistory"/>; the journal keeps them all.</summary>
    public const int HistoryKeptMax = 1000;

    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _clock;
    private readonly AutomaticFailover _automatic;
    private readonly IReadOnlyList<string> _sites;
    private RoutingTable? _current;
    /// <summary>Oldest first.</summary>
    private readonly LinkedList<RoutingHistoryEntry> _history = new();

    /// <param name="sites">The topology's sites, in its order.</param>
    /// <param name="automaticFailoverAfter">The cells with automatic failover, each with how long its active site may have no live node.</param>
    public RoutingTableKeeper(RoutingTable fromTopology, string journalPluginId, string snapshotPluginId, TimeProvider clock,
        IReadOnlyList<string> sites, IReadOnlyDictionary<string, TimeSpan> automaticFailoverAfter)
    {
        _clock = clock;
        _sites = sites;
        _automatic = new AutomaticFailover(automaticFailoverAfter, sites);
        JournalPluginId = journalPluginId;
        SnapshotPluginId = snapshotPluginId;

        Recover<RoutingTableAdopted>(adopted => Remember(adopted));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_automatic.WatchesAnyCell) Timers.StartPeriodicTimer(WatchSites.Instance, WatchSites.Instance, WatchInterval);
            if (_current is null)
            {
                Persist(new RoutingTableAdopted(RoutingTableRecord.Of(fromTopology), _clock.GetUtcNow()), Adopt);
                return;
            }
            if (!_current.RoutesLike(fromTopology))
                _log.Warning("the topology file differs from the cluster's routing table (version {0}); the cluster's table is used", _current.Version);
            Replicate(_current);
        });

        Command<ChangeRouting>(Change);
        Command<WatchSites>(_ => FailOverWhereDue());
        Command<GetRoutingHistory>(get => Sender.Tell(new RoutingHistory([.. _history.Reverse().Take(Math.Clamp(get.Limit, 1, HistoryKeptMax))])));
        Command<UpdateSuccess>(_ => { });
        Command<UpdateTimeout>(_ => _log.Info("routing table version {0}: not every node confirmed it yet; gossip brings it to them", _current?.Version));
    }

    public override string PersistenceId => "routing-table";

    /// <summary>
    /// The keeper as this node's view of the cluster places it: on the oldest Up router node, where the singleton
    /// manager runs it; null while no router is Up. An ActorSelection asked with a timeout rather than a
    /// ClusterSingletonProxy, which warns on every node where it waits long for the singleton and buffers
    /// what an operator would rather have refused.
    /// </summary>
    public static ActorSelection? Select(ActorSystem system)
    {
        var oldest = Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(Hosting.CellNames.RouterRole))
            .OrderBy(m => m, Member.AgeOrdering)
            .FirstOrDefault();
        return oldest is null
            ? null
            : system.ActorSelection(new RootActorPath(oldest.Address) / "user" / Hosting.CellNames.RoutingTableSingleton / Hosting.CellNames.RoutingTableSingleton);
    }

    private void Change(ChangeRouting change)
    {
        RoutingTable next;
        try
        {
            next = change.Next.ToTable();
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new RoutingChangeRefused(_current!.Version, e.Message));
            return;
        }
        if (next.Version != _current!.Version + 1)
        {
            Sender.Tell(new RoutingChangeRefused(_current.Version, $"the table is at version {_current.Version}; a change must bring version {_current.Version + 1}"));
            return;
        }
        if (next.Cells.Except(_current.Cells).FirstOrDefault() is { } unknown)
        {
            Sender.Tell(new RoutingChangeRefused(_current.Version, $"cell {unknown} is not one of the cluster's cells"));
            return;
        }
        var requester = Sender;
        Persist(new RoutingTableAdopted(change.Next, _clock.GetUtcNow(), change.Reason), adopted =>
        {
            Adopt(adopted);
            requester.Tell(new RoutingChanged(next.Version));
        });
    }

    /// <summary>Makes the first failover that is due and passes the same checks as an operator's; the next tick sees to any other.</summary>
    private void FailOverWhereDue()
    {
        var state = Cluster.Get(Context.System).State;
        foreach (var failover in _automatic.Due(_current!, (cell, site) => Hosting.CellNodes.SiteHasLiveNode(state, cell, site), _clock.GetUtcNow()))
        {
            var facts = Hosting.CellNodes.FactsFor(state, _current!, failover.Cell, failover.ToSite, JournalCopies.Get(Context.System).Of(failover.Cell));
            if ((failover.RefusedBy(_current!, _sites) ?? failover.RefusedBySites(facts)) is not { } refused)
            {
                FailOver(failover);
                return;
            }
            _log.Warning("automatic failover of cell {0} to {1} not made: {2}", failover.Cell, failover.ToSite, refused.Detail);
        }
    }

    private void FailOver(CellFailover failover)
    {
        _log.Warning("cell {0}: {1}; failing it over to {2}", failover.Cell, failover.Reason, failover.ToSite);
        Persist(new RoutingTableAdopted(RoutingTableRecord.Of(failover.ApplyTo(_current!)), _clock.GetUtcNow(), failover.Reason), Adopt);
    }

    private void Adopt(RoutingTableAdopted adopted)
    {
        var before = _current;
        var entry = Remember(adopted);
        _log.Info("routing table version {0} adopted{1}{2}", entry.Version,
            entry.Changes.Count == 0 ? "" : ": " + string.Join("; ", entry.Changes), entry.Reason is null ? "" : $" ({entry.Reason})");
        Replicate(_current!);
        // a site a cell left is lost to it: its unreachable nodes are downed now, not after the resolver's stable-after
        if (before is null) return;
        var sitesLeft = _current!.Cells.Where(cell => before.Cells.Contains(cell) && before.SiteByCell[cell] != _current.SiteByCell[cell])
            .Select(cell => before.SiteByCell[cell]).Distinct();
        foreach (var site in sitesLeft) LostSiteDowner.DownUnreachable(Context.System, site, _sites, _log);
    }

    private RoutingHistoryEntry Remember(RoutingTableAdopted adopted)
    {
        var next = adopted.Table.ToTable();
        var entry = RoutingHistoryEntry.Of(_current, next, adopted.At, adopted.Reason);
        _current = next;
        _history.AddLast(entry);
        if (_history.Count > HistoryKeptMax) _history.RemoveFirst();
        return entry;
    }

    private void Replicate(RoutingTable table)
    {
        var record = RoutingTableRecord.Of(table);
        var self = Cluster.Get(Context.System).SelfUniqueAddress;
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Update(
            Key,
            new LWWRegister<RoutingTableRecord>(self, record, VersionClock),
            new WriteAll(WriteAllTimeout),
            existing => existing.WithValue(self, record, VersionClock)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private sealed class WatchSites
    {
        public static readonly WatchSites Instance = new();
    }
}
