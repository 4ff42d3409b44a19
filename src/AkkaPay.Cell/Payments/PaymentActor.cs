using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Cell.Payments;

/// <summary>
/// One payment, keyed by "{scope account}-{requestId}": the idempotency record and the coordinator of its legs.
/// Journal writes: the intent (<see cref="PaymentInitiated"/>), then one per leg on the accounts, then the
/// outcome; a success is answered when its last leg is booked, before its outcome is written (ADR 9). Every step
/// is resent until answered; accounts book a leg once, so a resend never books twice.
/// </summary>
public sealed class PaymentActor : UntypedPersistentActor, IWithTimers
{
    public const string PersistenceIdPrefix = "payment-";

    private const string InTransitTimer = "answer-in-transit";
    private const string PayeeCheckTimer = "payee-check-deadline";

    private readonly CellSettings _settings;
    private readonly CellDirectory _cells;
    private readonly AwaitingPayments _awaiting;
    private readonly List<IActorRef> _waiters = [];
    private PaymentState _state;
    private PaymentId _id;
    private PaymentOrder _order = null!;
    private string _traceId = "";
    /// <summary>The legs being booked: the forward plan, or the compensation once the credit was refused.</summary>
    private ImmutableArray<Posting> _plan;
    /// <summary>The first leg of <see cref="_plan"/> not sent yet.</summary>
    private int _nextLeg;
    /// <summary>The credit's refusal, kept until the legs booked with the credit have answered.</summary>
    private Rejection? _creditRefused;
    private bool _inTransit;
    /// <summary>The steps sent and not answered yet: one, or a credit and the fee booked with it.</summary>
    private readonly List<ICellMessage> _outstanding = [];
    /// <summary>Retry ticks seen since the steps in flight were sent.</summary>
    private int _ticksUnanswered;
    private Action? _afterRelease;

    public PaymentActor(string entityId, CellSettings settings, CellDirectory cells, AwaitingPayments awaiting)
    {
        _settings = settings;
        _cells = cells;
        _awaiting = awaiting;
        _id = PaymentId.Parse(entityId);
        _state = new PaymentState { PaymentId = entityId };
        PersistenceId = PersistenceIdPrefix + entityId;
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;
    }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case PaymentEvent paymentEvent:
                _state = _state.Apply(paymentEvent);
                break;
            case RecoveryCompleted:
                ResumeIfPending();
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
            case StartPayment start: Start(start); break;
            case GetPayment: Sender.Tell(View()); break;
            case ResumePayment: break;   // recovery resumed it
            case ReceiveTimeout:
                if (_state.IsFinished) LeaveTheShard();
                break;
            case Stop: Context.Stop(Self); break;
            case ReserveRefund reserve: Reserve(reserve); break;
            case ReleaseRefund release: Release(release); break;
            case RefundReservation reservation: OnRefundReservation(reservation); break;
            case RefundReleaseConfirmed confirmed: OnRefundReleased(confirmed); break;
            case AccountView payee: OnPayeeView(payee); break;
            case Posted posted: OnPosted(posted); break;
            case PostRefused refused: OnPostRefused(refused); break;
            case PayeeCheckDeadline: OnPayeeCheckDeadline(); break;
            case AnswerInTransit: AnswerInTransitNow(); break;
            case RetryTick: OnRetryTick(); break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>The payee's cell did not answer in time: go on without knowing; if it refuses the credit later, the payment compensates.</summary>
    private void OnPayeeCheckDeadline()
    {
        if (_outstanding.OfType<GetAccount>().FirstOrDefault() is not { } check || _state.Status != PaymentStatus.New) return;
        _outstanding.Remove(check);
        Log.Warning("payment {0}: the cell of payee {1} did not answer, going on without the check, trace {2}", _id, check.AccountId, _traceId);
        Initiate();
    }

    private void AnswerInTransitNow()
    {
        if (!_inTransit || _state.IsFinished) return;
        AnswerWaiters(Outcome());
    }

    /// <summary>Steps still unanswered at the second tick of <see cref="StepRetryClock"/> after they were sent (one to two intervals) are sent again.</summary>
    private void OnRetryTick()
    {
        if (_outstanding.Count == 0 || ++_ticksUnanswered < 2) return;
        _ticksUnanswered = 0;
        foreach (var step in _outstanding)
        {
            Log.Warning("payment {0}: no answer to {1}, sending again, trace {2}", _id, step.GetType().Name, _traceId);
            Deliver(step);
        }
    }

    public override string PersistenceId { get; }

    /// <summary>A payment never saves a snapshot, so its recovery does not ask the snapshot store (a query per payment started).</summary>
    public override Recovery Recovery => NoSnapshot;

    private static readonly Recovery NoSnapshot = new(SnapshotSelectionCriteria.None);

    public ITimerScheduler Timers { get; set; } = null!;

    private void Start(StartPayment start)
    {
        switch (_state.DecideStart(start.Order))
        {
            case StartDecision.KeyReused:
                Sender.Tell(new PaymentOutcome(_id.Value, PaymentStatus.Failed, 0, PaymentState.KeyReused(_id.Value)));
                return;
            case StartDecision.Replay when _state.IsFinished:
                Sender.Tell(Outcome());
                return;
            case StartDecision.Replay when _inTransit:
                Sender.Tell(Outcome());
                return;
            case StartDecision.Replay:
                _waiters.Add(Sender);
                return;
            case StartDecision.Begin when _outstanding.Count > 0:
                // A first request is still running its pre-checks; this one waits for the same answer or conflicts.
                if (start.Order == _order) _waiters.Add(Sender);
                else Sender.Tell(new PaymentOutcome(_id.Value, PaymentStatus.Failed, 0, PaymentState.KeyReused(_id.Value)));
                return;
            case StartDecision.Begin:
                _waiters.Add(Sender);
                _order = start.Order;
                _traceId = start.TraceId;
                if (_order.Kind == PaymentKind.Refund) ReserveOnOriginal();
                else CheckPayee();
                return;
        }
    }

    private void ResumeIfPending()
    {
        if (_state.Status != PaymentStatus.Pending) return;
        _order = _state.Order!;
        _traceId = _state.TraceId!;
        Log.Info("payment {0} resumes after restart, trace {1}", _id, _traceId);
        if (_state.IsCompensating) Book(Compensation());
        else if (_order.Kind == PaymentKind.Refund) ReserveOnOriginal();
        else Book(ForwardPlan(_state.Fee));
    }

    private void ReserveOnOriginal() =>
        Send(new ReserveRefund(PaymentId.Parse(_order.RefundOf!), _id.Value, _order.Amount));

    private void OnRefundReservation(RefundReservation reservation)
    {
        if (!IsAnswerTo<ReserveRefund>(r => r.RefundId == reservation.RefundId)) return;
        if (reservation.Refused is { } why)
        {
            if (_state.Status == PaymentStatus.Pending) Fail(why);
            else Reject(why);
            return;
        }
        if (_state.Status == PaymentStatus.Pending) Book(ForwardPlan(_state.Fee));
        else CheckPayee();
    }

    /// <summary>Asks the payee's cell whether the credit can land; a cell that is down gets a bounded wait, not a veto.</summary>
    private void CheckPayee()
    {
        Send(new GetAccount(_order.Payee, WholeBalance: false));
        if (CrossesCells) Timers.StartSingleTimer(PayeeCheckTimer, PayeeCheckDeadline.Instance, _settings.RemotePayeeCheckMax);
    }

    private void OnPayeeView(AccountView payee)
    {
        if (!IsAnswerTo<GetAccount>(g => g.AccountId == payee.AccountId)) return;
        Timers.Cancel(PayeeCheckTimer);
        var why = PayeeRejection(payee);
        if (why is not null)
        {
            ReleaseReservationThen(() => Reject(why));
            return;
        }
        Initiate();
    }

    private void Initiate()
    {
        var fee = _order.Kind == PaymentKind.MerchantPayment ? _settings.MerchantFee.FeeOf(_order.Amount) : 0;
        Persist(new PaymentInitiated(_id.Value, _order, fee, _traceId, Now()), initiated =>
        {
            _state = _state.Apply(initiated);
            Book(ForwardPlan(fee));
        });
    }

    private Rejection? PayeeRejection(AccountView payee)
    {
        if (!payee.Exists) return Rejection.AccountNotFound(payee.AccountId.Value);
        if (payee.Currency != _order.Currency)
            return new Rejection(RejectionCodes.CurrencyMismatch, $"account {payee.AccountId} holds {payee.Currency}, the payment is in {_order.Currency}");
        if (_order.Kind == PaymentKind.MerchantPayment && payee.Type != AccountType.Merchant)
            return new Rejection(RejectionCodes.NotAMerchant, $"account {payee.AccountId} is not a merchant");
        return null;
    }

    private ImmutableArray<Posting> ForwardPlan(long fee) => PaymentLegs.Plan(_id, _order, fee, _traceId, _state.InitiatedAt, CrossesCells);

    private ImmutableArray<Posting> Compensation() =>
        PaymentLegs.Compensation(_id, _order, _state.FeeBookedBeforeRefusal ? _state.Fee : 0, _traceId, _state.InitiatedAt, CrossesCells);

    private bool CrossesCells => _cells.CellOf(_order.Payer) != _cells.CellOf(_order.Payee);

    /// <summary>Books <paramref name="plan"/> from its first leg; legs booked before answer with their entries.</summary>
    private void Book(ImmutableArray<Posting> plan)
    {
        _plan = plan;
        _nextLeg = 0;
        SendNextLegs();
    }

    /// <summary>Sends the next leg and the legs booked with it.</summary>
    private void SendNextLegs()
    {
        do Send(new PostToAccount(_plan[_nextLeg++]));
        while (_nextLeg < _plan.Length && PaymentLegs.BookedWithPrevious(_plan[_nextLeg]));
    }

    private bool LegsInFlight => _outstanding.Exists(step => step is PostToAccount);

    private void OnPosted(Posted posted)
    {
        if (!IsAnswerTo<PostToAccount>(p => p.Posting.PostingId == posted.PostingId)) return;
        var booked = _plan.First(leg => leg.PostingId == posted.PostingId);
        if (PaymentLegs.Is(booked, PaymentLegs.IntoTransit)) MarkInTransit();
        if (LegsInFlight) return;
        if (_creditRefused is { } why)
        {
            Compensate(why);
            return;
        }
        if (_nextLeg < _plan.Length)
        {
            SendNextLegs();
            return;
        }
        _inTransit = false;
        if (_state.IsCompensating)
        {
            // every booked leg is undone: the payment failed
            ReleaseReservationThen(() => Fail(_state.Failure!));
            return;
        }
        // Every leg is booked, so nothing can undo the payment any more: its callers learn it now, one commit sooner,
        // and its outcome is written after. A crash before that write leaves it pending, and the cell's resumer walks
        // its booked legs again and writes it (ADR 9). Until the write, Persist holds back every other command.
        AnswerWaiters(new PaymentOutcome(_id.Value, PaymentStatus.Succeeded, _state.Fee, null));
        Persist(new PaymentSucceeded(Now()), succeeded =>
        {
            _state = _state.Apply(succeeded);
            ReplyToWaiters();
        });
    }

    /// <summary>The debit is durable and the money is in transit: callers get in_transit unless the credit lands first.</summary>
    private void MarkInTransit()
    {
        _inTransit = true;
        if (_settings.CrossCellAnswerAfter <= TimeSpan.Zero) Self.Tell(AnswerInTransit.Instance);
        else Timers.StartSingleTimer(InTransitTimer, AnswerInTransit.Instance, _settings.CrossCellAnswerAfter);
    }

    private void OnPostRefused(PostRefused refused)
    {
        if (!IsAnswerTo<PostToAccount>(p => p.Posting.PostingId == refused.PostingId)) return;
        var leg = _plan.First(l => l.PostingId == refused.PostingId);
        if (PaymentLegs.Is(leg, PaymentLegs.Debit))
        {
            ReleaseReservationThen(() => Fail(refused.Why));
            return;
        }
        if (PaymentLegs.Is(leg, PaymentLegs.Credit))
        {
            // the fee sent with the credit is booked before the compensation starts, which then gives it back
            if (LegsInFlight) _creditRefused = refused.Why;
            else Compensate(refused.Why);
            return;
        }
        throw new InvalidOperationException($"payment {_id}: leg {refused.PostingId} refused ({refused.Why.Code}) where only a retry is possible");
    }

    private void Compensate(Rejection why)
    {
        _creditRefused = null;
        Persist(new PaymentCompensating(why.Code, why.Detail, Now(), PaymentLegs.FeeBookedWithCredit(_plan) > 0), compensating =>
        {
            _state = _state.Apply(compensating);
            Book(Compensation());
        });
    }

    private void ReleaseReservationThen(Action next)
    {
        if (_order.Kind != PaymentKind.Refund)
        {
            next();
            return;
        }
        _afterRelease = next;
        Send(new ReleaseRefund(PaymentId.Parse(_order.RefundOf!), _id.Value));
    }

    private void OnRefundReleased(RefundReleaseConfirmed confirmed)
    {
        if (!IsAnswerTo<ReleaseRefund>(r => r.RefundId == confirmed.RefundId)) return;
        var next = _afterRelease!;
        _afterRelease = null;
        next();
    }

    private void Reject(Rejection why) =>
        Persist(new PaymentRejected(_id.Value, _order, _traceId, why.Code, why.Detail, Now()), rejected =>
        {
            _state = _state.Apply(rejected);
            ReplyToWaiters();
        });

    private void Fail(Rejection why) =>
        Persist(new PaymentFailed(why.Code, why.Detail, Now()), failed =>
        {
            _state = _state.Apply(failed);
            ReplyToWaiters();
        });

    private void Reserve(ReserveRefund reserve)
    {
        var decision = _state.DecideReserveRefund(reserve.RefundId, reserve.Amount, Now());
        if (decision.Rejection is { } why)
        {
            Sender.Tell(new RefundReservation(reserve.RefundId, why));
            return;
        }
        if (decision.Event is null)
        {
            Sender.Tell(new RefundReservation(reserve.RefundId, null));
            return;
        }
        Persist(decision.Event, reserved =>
        {
            _state = _state.Apply(reserved);
            Sender.Tell(new RefundReservation(reserve.RefundId, null));
        });
    }

    private void Release(ReleaseRefund release)
    {
        var released = _state.DecideReleaseRefund(release.RefundId, Now());
        if (released is null)
        {
            Sender.Tell(new RefundReleaseConfirmed(release.RefundId));
            return;
        }
        Persist(released, e =>
        {
            _state = _state.Apply(e);
            Sender.Tell(new RefundReleaseConfirmed(release.RefundId));
        });
    }

    private void Send(ICellMessage message)
    {
        _outstanding.Add(message);
        _ticksUnanswered = 0;
        Deliver(message);
    }

    private void Deliver(ICellMessage message)
    {
        var target = message switch
        {
            ReserveRefund reserve => _cells.PaymentsOf(reserve.PaymentId),
            ReleaseRefund release => _cells.PaymentsOf(release.PaymentId),
            GetAccount get => _cells.AccountsOf(get.AccountId),
            PostToAccount post => _cells.AccountsOf(post.Posting.Account),
            _ => throw new ArgumentOutOfRangeException(nameof(message), message, "not a step of a payment"),
        };
        target.Tell(message, Self);
        _awaiting.Add(Self);
    }

    /// <summary>True when the reply answers a step in flight; late answers to earlier sends are dropped.</summary>
    private bool IsAnswerTo<T>(Func<T, bool> matches) where T : ICellMessage
    {
        var index = _outstanding.FindIndex(step => step is T sent && matches(sent));
        if (index < 0) return false;
        _outstanding.RemoveAt(index);
        return true;
    }

    private void ReplyToWaiters()
    {
        AnswerWaiters(Outcome());
        PassivateWhenIdleIfFinished();
    }

    private void AnswerWaiters(PaymentOutcome outcome)
    {
        if (_waiters.Count == 0) return;
        // one line per payment only at debug level: the default level stays quiet under load
        Log.Debug("payment {0} {1} {2}, trace {3}", _id, outcome.Status, outcome.Failure?.Code, _traceId);
        foreach (var waiter in _waiters) waiter.Tell(outcome);
        _waiters.Clear();
    }

    private void PassivateWhenIdleIfFinished()
    {
        if (!_state.IsFinished) return;
        _awaiting.Remove(Self);
        if (_settings.FinishedPaymentIdleMax == TimeSpan.Zero) LeaveTheShard();
        else Context.SetReceiveTimeout(_settings.FinishedPaymentIdleMax);
    }

    /// <summary>
    /// Finished and idle: passivate (which also drops it from the remembered entities where the cell's journal keeps
    /// no list of pending payments). The shard answers with <see cref="Stop"/>, not a PoisonPill: a message that was
    /// already in the mailbox may have started a write (a refund's reservation), and a PoisonPill would stop the
    /// payment before that write's answer; <see cref="Stop"/> waits behind it like any command.
    /// </summary>
    private void LeaveTheShard() => Context.Parent.Tell(new Passivate(Stop.Instance));

    protected override void PostStop()
    {
        _awaiting.Remove(Self);
        base.PostStop();
    }

    private PaymentOutcome Outcome() =>
        new(_id.Value, _inTransit && !_state.IsFinished ? PaymentStatus.InTransit : _state.Status, _state.Fee, _state.IsFinished ? _state.Failure : null);

    private PaymentView View() => new(
        _id.Value, _state.Status != PaymentStatus.New, Outcome().Status, _state.Order, _state.Fee, _state.RefundedAmount,
        _state.TraceId, _state.Failure, _state.History);

    private DateTimeOffset Now() => _settings.Clock.GetUtcNow();

    private sealed record Stop
    {
        public static readonly Stop Instance = new();
    }

    private sealed record AnswerInTransit
    {
        public static readonly AnswerInTransit Instance = new();
    }

    private sealed record PayeeCheckDeadline
    {
        public static readonly PayeeCheckDeadline Instance = new();
    }
}
