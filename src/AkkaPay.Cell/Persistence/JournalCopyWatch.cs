using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Persistence.GroupCommit;

namespace AkkaPay.Cell.Persistence;

/// <summary>
/// On each node of a cell: while the node's site is the cell's active site, asks the cell's journal database every
/// few seconds which copies hold every write it acknowledges, and replicates the answer when it changes
/// (<see cref="JournalCopiesRecord"/>), so that a failover after the site's loss knows whether the target's copy
/// was in sync.
/// </summary>
public sealed class JournalCopyWatch : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private JournalCopiesRecord? _published;

    public JournalCopyWatch(string cell, JournalOptions journal, CellDirectory directory)
    {
        var log = Context.GetLogger();
        var database = GroupJournalDatabase.For(journal.Provider, journal.ConnectionString);
        var cluster = Cluster.Get(Context.System);
        Receive<Look>(_ =>
        {
            if (!directory.RoutingKnown.IsCompleted) return;
            var active = directory.Routing.SiteByCell[cell];   // the site asked about, whatever table comes meanwhile
            if (cluster.SelfRoles.Contains(active))
                database.CopiesAsync().PipeTo(Self, success: seen => new Seen(active, seen), failure: e => new Status.Failure(e));
        });
        Receive<Seen>(seen =>
        {
            if (seen.Copies is not { } copies) return;   // a standby copy: the site is taking the cell over
            var record = new JournalCopiesRecord(seen.ActiveSite, copies.Shared, copies.SynchronousStandbys);
            if (record == _published) return;
            _published = record;
            log.Info("cell {0}: journal copies in sync with {1}: {2}", cell, record.ActiveSite,
                record.Shared ? "every site's (shared)" : record.SynchronousSites.Count == 0 ? "none" : string.Join(", ", record.SynchronousSites));
            var self = cluster.SelfUniqueAddress;
            DistributedData.Get(Context.System).Replicator.Tell(Dsl.Update(JournalCopiesRecord.Key(cell),
                new LWWRegister<JournalCopiesRecord>(self, record), WriteLocal.Instance, existing => existing.WithValue(self, record)));
        });
        Receive<Status.Failure>(failure => log.Warning("cell {0}: could not read which journal copies are in sync: {1}", cell, failure.Cause.Message));
        Receive<UpdateSuccess>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(Look.Instance, Look.Instance, TimeSpan.Zero, Interval);

    private sealed class Look
    {
        public static readonly Look Instance = new();
    }

    private sealed record Seen(string ActiveSite, JournalCopiesSeen? Copies);
}
