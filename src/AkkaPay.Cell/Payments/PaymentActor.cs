using AkkaPay.Cell.Persistence;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Payments.Process;

namespace AkkaPay.Cell.Payments;

/// <summary>
/// The persistent shell of one payment, keyed by "{scope account}-{requestId}": the idempotency record and the
/// coordinator of its legs. Its <see cref="PaymentProcess"/> decides; this actor persists what it decided, sends its
/// steps (again, until answered), keeps its alarms and answers its callers. Journal writes: the intent, then one per
/// leg on the accounts, then the outcome; a success is answered when its last leg is booked, before its outcome is
/// written (ADR 9).
/// </summary>
public sealed class PaymentActor : UntypedPersistentActor, IWithTimers
{
    public const string PersistenceIdPrefix = "payment-";

    private readonly CellSettings _settings;
    private readonly CellDirectory _cells;
    private readonly AwaitingPayments _awaiting;
    /// <summary>The callers waiting for the payment's answer.</summary>
    private readonly List<IActorRef> _waiters = [];
    private PaymentProcess _process;
    /// <summary>Retry ticks seen since the steps in flight were sent.</summary>
    private int _ticksUnanswered;
    /// <summary>Whether the steps in flight were sent again already (only the first time is a warning).</summary>
    private bool _resent;

    public PaymentActor(string entityId, CellSettings settings, CellDirectory cells, AwaitingPayments awaiting)
    {
        _settings = settings;
        _cells = cells;
        _awaiting = awaiting;
        _process = PaymentProcess.New(PaymentId.Parse(entityId), settings.MerchantFee);
        PersistenceId = PersistenceIdPrefix + entityId;
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;
    }

    public override string PersistenceId { get; }

    /// <summary>Another writer holds the sequence number: this incarnation's state is stale (<see cref="StaleWriterException"/>).</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        StaleWriterException.ThrowIfTaken(PersistenceId, sequenceNr, cause);
    }

    /// <summary>A payment never saves a snapshot, so its recovery does not ask the snapshot store (a query per payment started).</summary>
    public override Recovery Recovery => NoSnapshot;

    private static readonly Recovery NoSnapshot = new(SnapshotSelectionCriteria.None);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case PaymentEvent paymentEvent:
                _process = _process.Apply(paymentEvent);
                break;
            case RecoveryCompleted when _process.State is { Status: PaymentStatus.Pending, Order: { } order }:
                Log.Info("payment {0} resumes after restart, trace {1}", _process.Id, _process.State.TraceId);
                Run(_process.Resume(CrossesCells(order)));
                break;
            case RecoveryCompleted:
                PassivateWhenIdleIfFinished();
                break;
        }
    }

    /// <remarks>
    /// One switch rather than Receive registrations: a payment actor is created for every payment and stays in memory
    /// for a while after it finished, so what each instance allocates matters.
    /// </remarks>
    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case StartPayment start: Run(_process.Start(start.Order, start.TraceId, CrossesCells(start.Order))); break;
            case GetPayment: Sender.Tell(View()); break;
            case ResumePayment: break;   // recovery resumed it
            case ReceiveTimeout when _process.IsFinished: LeaveTheShard(); break;
            case ReceiveTimeout: break;
            case StopEntity: Stop(); break;
            case ReserveRefund reserve: Reserve(reserve); break;
            case ReleaseRefund release: Release(release); break;
            case RefundReservation reservation: Run(_process.RefundReservationAnswered(reservation.RefundId, reservation.Refused, Now())); break;
            case RefundReleaseConfirmed confirmed: Run(_process.ReservationReleased(confirmed.RefundId, Now())); break;
            case AccountView payee:
                Timers.Cancel(ProcessAlarm.PayeeCheckOverdue);
                Run(_process.PayeeSeen(new AccountProfile(payee.AccountId, payee.Exists, payee.Type, payee.Currency), Now()));
                break;
            case Posted posted: Run(_process.LegBooked(posted.PostingId, Now())); break;
            case PostRefused refused: Run(_process.LegRefused(refused.PostingId, refused.Why, Now())); break;
            case ProcessAlarm.PayeeCheckOverdue:
                if (_process.AwaitsPayeeCheck)
                    Log.Warning("payment {0}: the cell of payee {1} did not answer, going on without the check, trace {2}", _process.Id, _process.Order!.Payee, _process.TraceId);
                Run(_process.PayeeCheckOverdue(Now()));
                break;
            case ProcessAlarm.AnswerInTransit: Run(_process.InTransitAnswerDue()); break;
            case RetryTick: OnRetryTick(); break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>Carries out a reaction. Persist holds back every other command until the event is written.</summary>
    private void Run(Reaction reaction)
    {
        _process = reaction.Next;
        if (reaction.Reply is { } reply) Sender.Tell(Outcome(reply));
        if (reaction.SenderWaits) _waiters.Add(Sender);
        if (reaction.Answer is { } answer) AnswerWaiters(answer);
        foreach (var step in reaction.Send) Send(step);
        if (reaction.Alarm is { } alarm) SetAlarm(alarm);
        if (reaction.Persist is { } paymentEvent) Persist(paymentEvent, persisted => Run(_process.Persisted(persisted)));
        else if (reaction.Answer is not null) PassivateWhenIdleIfFinished();
    }

    /// <summary>
    /// Stops on its shard's word (hand-off, passivation). A payment still pending first asks its region to wake it
    /// again: on hand-off the region holds the message until the shard's new home is known, so the payment resumes
    /// there at once rather than at the next sweep of <see cref="PaymentResumer"/>, which may be half a minute off (a
    /// chaos run found a payment answered succeeded whose outcome was not yet written still pending at its end).
    /// </summary>
    private void Stop()
    {
        if (_process.State.Status == PaymentStatus.Pending) _cells.PaymentsOf(_process.Id).Tell(new ResumePayment(_process.Id));
        Context.Stop(Self);
    }

    private void SetAlarm(ProcessAlarm alarm)
    {
        var after = alarm == ProcessAlarm.PayeeCheckOverdue ? _settings.RemotePayeeCheckMax : _settings.CrossCellAnswerAfter;
        if (after <= TimeSpan.Zero) Self.Tell(alarm);
        else Timers.StartSingleTimer(alarm, alarm, after);
    }

    /// <summary>
    /// Steps still unanswered at the second tick of <see cref="StepRetryClock"/> after they were sent (one to two
    /// intervals) are sent again. The first resend is a warning, the later ones debug: while another cell is down,
    /// every payment waiting on it resends each interval, and a line for each made the healthy cell's node spend its
    /// CPU on logging.
    /// </summary>
    private void OnRetryTick()
    {
        if (_process.Outstanding.IsEmpty || ++_ticksUnanswered < 2) return;
        _ticksUnanswered = 0;
        foreach (var step in _process.Outstanding)
        {
            const string resending = "payment {0}: no answer to {1}, sending again, trace {2}";
            if (_resent) Log.Debug(resending, _process.Id, step.GetType().Name, _process.TraceId);
            else Log.Warning(resending, _process.Id, step.GetType().Name, _process.TraceId);
            Deliver(step);
        }
        _resent = true;
    }

    private void Send(ProcessStep step)
    {
        _ticksUnanswered = 0;
        _resent = false;
        Deliver(step);
    }

    private void Deliver(ProcessStep step)
    {
        var (target, message) = step switch
        {
            ProcessStep.CheckPayee check => (_cells.AccountsOf(check.Payee), (object)new GetAccount(check.Payee, WholeBalance: false)),
            ProcessStep.Book book => (_cells.AccountsOf(book.Leg.Posting.Account), new PostToAccount(book.Leg.Posting)),
            ProcessStep.ReserveRefund reserve => (_cells.PaymentsOf(reserve.Original), new ReserveRefund(reserve.Original, reserve.RefundId, reserve.Amount)),
            ProcessStep.ReleaseRefund release => (_cells.PaymentsOf(release.Original), new ReleaseRefund(release.Original, release.RefundId)),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a step of a payment"),
        };
        target.Tell(message, Self);
        _awaiting.Add(Self);
    }

    /// <summary>On a merchant payment: a refund of it asks to set its amount aside.</summary>
    private void Reserve(ReserveRefund reserve)
    {
        var decision = _process.State.DecideReserveRefund(reserve.RefundId, reserve.Amount, Now());
        if (decision.Rejection is { } why) Sender.Tell(new RefundReservation(reserve.RefundId, why));
        else PersistThenTell(decision.Event, new RefundReservation(reserve.RefundId, null));
    }

    private void Release(ReleaseRefund release) =>
        PersistThenTell(_process.State.DecideReleaseRefund(release.RefundId, Now()), new RefundReleaseConfirmed(release.RefundId));

    /// <summary>Answers the sender once <paramref name="decided"/> is written, or at once when nothing new was decided.</summary>
    private void PersistThenTell(PaymentEvent? decided, object answer)
    {
        if (decided is null)
        {
            Sender.Tell(answer);
            return;
        }
        Persist(decided, persisted =>
        {
            _process = _process.Apply(persisted);
            Sender.Tell(answer);
        });
    }

    private void AnswerWaiters(PaymentAnswer answer)
    {
        if (_waiters.Count == 0) return;
        var outcome = Outcome(answer);
        // one line per payment only at debug level: the default level stays quiet under load
        Log.Debug("payment {0} {1} {2}, trace {3}", _process.Id, outcome.Status, outcome.Failure?.Code, _process.TraceId);
        foreach (var waiter in _waiters) waiter.Tell(outcome);
        _waiters.Clear();
    }

    private void PassivateWhenIdleIfFinished()
    {
        if (!_process.IsFinished) return;
        _awaiting.Remove(Self);
        if (_settings.FinishedPaymentIdleMax == TimeSpan.Zero) LeaveTheShard();
        else Context.SetReceiveTimeout(_settings.FinishedPaymentIdleMax);
    }

    /// <summary>
    /// Finished and idle: passivate (which also drops it from the remembered entities where the cell's journal keeps
    /// no list of pending payments), stopped by <see cref="StopEntity"/> like every entity of a cell.
    /// </summary>
    private void LeaveTheShard() => Context.Parent.Tell(new Passivate(StopEntity.Instance));

    protected override void PostStop()
    {
        _awaiting.Remove(Self);
        base.PostStop();
    }

    private bool CrossesCells(PaymentOrder order) => _cells.CellOf(order.Payer) != _cells.CellOf(order.Payee);

    private PaymentOutcome Outcome(PaymentAnswer answer) => new(_process.Id.Value, answer.Status, answer.Fee, answer.Failure);

    private PaymentView View() => new(
        _process.Id.Value, _process.State.Status != PaymentStatus.New, _process.Answer.Status, _process.State.Order, _process.State.Fee,
        _process.State.RefundedAmount, _process.State.TraceId, _process.State.Failure, _process.State.History);

    private DateTimeOffset Now() => _settings.Clock.GetUtcNow();
}
