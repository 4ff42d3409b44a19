using System.Collections.Immutable;
using Akka.Actor;
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
/// outcome. Every step is resent until answered; accounts book a leg once, so a resend never books twice.
/// </summary>
public sealed class PaymentActor : ReceivePersistentActor, IWithTimers
{
    private const string RetryTimer = "step-retry";

    private readonly CellSettings _settings;
    private readonly CellDirectory _cells;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _waiters = [];
    private PaymentState _state;
    private PaymentId _id;
    private PaymentOrder _order = null!;
    private string _traceId = "";
    private ImmutableArray<Posting> _legs;
    private ICellMessage? _outstanding;
    private int _attempt;
    private Action? _afterRelease;

    public PaymentActor(string entityId, CellSettings settings, CellDirectory cells)
    {
        _settings = settings;
        _cells = cells;
        _id = PaymentId.Parse(entityId);
        _state = new PaymentState { PaymentId = entityId };
        PersistenceId = $"payment-{entityId}";
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;

        Recover<PaymentEvent>(paymentEvent => _state = _state.Apply(paymentEvent));
        Recover<RecoveryCompleted>(_ => ResumeIfPending());

        Command<StartPayment>(Start);
        Command<GetPayment>(_ => Sender.Tell(View()));
        Command<ReserveRefund>(Reserve);
        Command<ReleaseRefund>(Release);
        Command<RefundReservation>(OnRefundReservation);
        Command<RefundReleaseConfirmed>(OnRefundReleased);
        Command<AccountView>(OnPayeeView);
        Command<Posted>(OnPosted);
        Command<PostRefused>(OnPostRefused);
        Command<RetryStep>(retry =>
        {
            if (retry.Attempt != _attempt || _outstanding is null) return;
            _log.Warning("payment {0}: no answer to {1}, sending again, trace {2}", _id, _outstanding.GetType().Name, _traceId);
            Send(_outstanding);
        });
    }

    public override string PersistenceId { get; }

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
            case StartDecision.Replay:
                _waiters.Add(Sender);
                return;
            case StartDecision.Begin when _outstanding is not null:
                // A first request is still running its pre-checks; this one waits for the same answer or conflicts.
                if (start.Order == _order) _waiters.Add(Sender);
                else Sender.Tell(new PaymentOutcome(_id.Value, PaymentStatus.Failed, 0, PaymentState.KeyReused(_id.Value)));
                return;
            case StartDecision.Begin:
                _waiters.Add(Sender);
                _order = start.Order;
                _traceId = start.TraceId;
                if (_order.Kind == PaymentKind.Refund) ReserveOnOriginal();
                else Send(new GetAccount(_order.Payee));
                return;
        }
    }

    private void ResumeIfPending()
    {
        if (_state.Status != PaymentStatus.Pending) return;
        _order = _state.Order!;
        _traceId = _state.TraceId!;
        _legs = PaymentLegs.Plan(_id, _order, _state.Fee, _traceId);
        _log.Info("payment {0} resumes after restart, trace {1}", _id, _traceId);
        if (_state.IsCompensating) Send(PaymentLegs.Reversal(_id, _order, _traceId));
        else if (_order.Kind == PaymentKind.Refund) ReserveOnOriginal();
        else Send(_legs[0]);
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
        if (_state.Status == PaymentStatus.Pending) Send(_legs[0]);
        else Send(new GetAccount(_order.Payee));
    }

    private void OnPayeeView(AccountView payee)
    {
        if (!IsAnswerTo<GetAccount>(g => g.AccountId == payee.AccountId)) return;
        var why = PayeeRejection(payee);
        if (why is not null)
        {
            ReleaseReservationThen(() => Reject(why));
            return;
        }
        var fee = _order.Kind == PaymentKind.MerchantPayment ? _settings.MerchantFee.FeeOf(_order.Amount) : 0;
        Persist(new PaymentInitiated(_id.Value, _order, fee, _traceId, Now()), initiated =>
        {
            _state = _state.Apply(initiated);
            _legs = PaymentLegs.Plan(_id, _order, fee, _traceId);
            Send(_legs[0]);
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

    private void OnPosted(Posted posted)
    {
        if (!IsAnswerTo<PostToAccount>(p => p.Posting.PostingId == posted.Entry.PostingId)) return;
        if (_state.IsCompensating)
        {
            // the debit reversal is booked: the payment is undone
            ReleaseReservationThen(() => Fail(_state.Failure!));
            return;
        }
        var next = _legs.IndexOf(_legs.Single(leg => leg.PostingId == posted.Entry.PostingId)) + 1;
        if (next < _legs.Length)
        {
            Send(_legs[next]);
            return;
        }
        Persist(new PaymentSucceeded(Now()), succeeded =>
        {
            _state = _state.Apply(succeeded);
            ReplyToWaiters();
        });
    }

    private void OnPostRefused(PostRefused refused)
    {
        if (!IsAnswerTo<PostToAccount>(p => p.Posting.PostingId == refused.PostingId)) return;
        if (refused.PostingId == _legs[0].PostingId)
        {
            ReleaseReservationThen(() => Fail(refused.Why));
            return;
        }
        if (refused.PostingId == _legs[1].PostingId)
        {
            Persist(new PaymentCompensating(refused.Why.Code, refused.Why.Detail, Now()), compensating =>
            {
                _state = _state.Apply(compensating);
                Send(PaymentLegs.Reversal(_id, _order, _traceId));
            });
            return;
        }
        throw new InvalidOperationException($"payment {_id}: leg {refused.PostingId} refused ({refused.Why.Code}) after the payee accepted; it can only be retried");
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
        _outstanding = message;
        _attempt++;
        var target = message switch
        {
            ReserveRefund reserve => _cells.PaymentsOf(reserve.PaymentId),
            ReleaseRefund release => _cells.PaymentsOf(release.PaymentId),
            GetAccount get => _cells.AccountsOf(get.AccountId),
            PostToAccount post => _cells.AccountsOf(post.Posting.Account),
            _ => throw new ArgumentOutOfRangeException(nameof(message), message, "not a step of a payment"),
        };
        target.Tell(message, Self);
        Timers.StartSingleTimer(RetryTimer, new RetryStep(_attempt), _settings.StepRetryInterval);
    }

    private void Send(Posting leg) => Send(new PostToAccount(leg));

    /// <summary>True when the reply answers the step in flight; late answers to earlier sends are dropped.</summary>
    private bool IsAnswerTo<T>(Func<T, bool> matches) where T : ICellMessage
    {
        if (_outstanding is not T step || !matches(step)) return false;
        _outstanding = null;
        Timers.Cancel(RetryTimer);
        return true;
    }

    private void ReplyToWaiters()
    {
        var outcome = Outcome();
        // one line per payment only at debug level: the default level stays quiet under load
        _log.Debug("payment {0} {1} {2}, trace {3}", _id, outcome.Status, outcome.Failure?.Code, _state.TraceId);
        foreach (var waiter in _waiters) waiter.Tell(outcome);
        _waiters.Clear();
    }

    private PaymentOutcome Outcome() => new(_id.Value, _state.Status, _state.Fee, _state.Failure);

    private PaymentView View() => new(
        _id.Value, _state.Status != PaymentStatus.New, _state.Status, _state.Order, _state.Fee, _state.RefundedAmount,
        _state.TraceId, _state.Failure, _state.History);

    private DateTimeOffset Now() => _settings.Clock.GetUtcNow();

    private sealed record RetryStep(int Attempt);
}
