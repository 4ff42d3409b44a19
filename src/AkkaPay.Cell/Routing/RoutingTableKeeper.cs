using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Routing;

/// <summary>
/// The one writer of the routing table: a cluster singleton on the router nodes that journals every version
/// and replicates the current one to every node (Akka.DistributedData). The first start adopts the topology's
/// table as version 1; after that the journal wins, so a full restart comes back with the last version.
/// </summary>
public sealed class RoutingTableKeeper : ReceivePersistentActor
{
    public static readonly LWWRegisterKey<RoutingTableRecord> Key = new("routing-table");

    /// <summary>The register's clock is the table's version: a higher version always wins a merge.</summary>
    public static readonly Clock<RoutingTableRecord> VersionClock = (_, record) => record.Version;

    private static readonly TimeSpan WriteAllTimeout = TimeSpan.FromSeconds(3);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _clock;
    private RoutingTable? _current;

    public RoutingTableKeeper(RoutingTable fromTopology, string journalPluginId, string snapshotPluginId, TimeProvider clock)
    {
        _clock = clock;
        JournalPluginId = journalPluginId;
        SnapshotPluginId = snapshotPluginId;

        Recover<RoutingTableAdopted>(adopted => _current = adopted.Table.ToTable());
        Recover<RecoveryCompleted>(_ =>
        {
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
        Command<UpdateSuccess>(_ => { });
        Command<UpdateTimeout>(_ => _log.Info("routing table version {0}: not every node confirmed it yet; gossip brings it to them", _current?.Version));
    }

    public override string PersistenceId => "routing-table";

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
        Persist(new RoutingTableAdopted(change.Next, _clock.GetUtcNow()), adopted =>
        {
            Adopt(adopted);
            requester.Tell(new RoutingChanged(next.Version));
        });
    }

    private void Adopt(RoutingTableAdopted adopted)
    {
        _current = adopted.Table.ToTable();
        _log.Info("routing table version {0} adopted", _current.Version);
        Replicate(_current);
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
}
