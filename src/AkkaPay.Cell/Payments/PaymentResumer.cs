using Akka.Actor;
using Akka.Event;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Cell.Payments;

/// <summary>
/// Wakes every payment its cell's journal lists as pending (ADR 7): once when the cell starts on this node, then
/// every <c>interval</c>, which also finds payments whose node left the cluster and payments that sharding
/// passivated while they waited for another cell. A woken payment resumes in its recovery; an awake one ignores
/// the wake-up.
/// </summary>
public sealed class PaymentResumer : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public PaymentResumer(string cellId, Func<Task<IReadOnlyList<string>>> pendingPersistenceIds, IActorRef payments, TimeSpan interval)
    {
        var first = true;
        ReceiveAsync<Sweep>(async _ =>
        {
            IReadOnlyList<string> pending;
            try
            {
                pending = await pendingPersistenceIds();
            }
            catch (Exception e)
            {
                _log.Warning(e, "cell {0}: could not read its pending payments; trying again in {1}", cellId, interval);
                return;
            }
            var ids = pending.Where(id => id.StartsWith(PaymentActor.PersistenceIdPrefix, StringComparison.Ordinal)).ToList();
            foreach (var id in ids) payments.Tell(new ResumePayment(PaymentId.Parse(id[PaymentActor.PersistenceIdPrefix.Length..])));
            if (first && ids.Count > 0) _log.Info("cell {0}: waking {1} pending payments", cellId, ids.Count);
            first = false;
        });
        Timers.StartPeriodicTimer(Sweep.Instance, Sweep.Instance, interval);
        // a failover brings the cell here: what the old site left pending resumes now, not at the next sweep
        var self = Self;
        CellFence.Get(Context.System).OnRaised(cellId, "payment-resumer", () => self.Tell(Sweep.Instance));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Self.Tell(Sweep.Instance);

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
