using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Payments.Process;

namespace AkkaPay.Domain.Tests;

/// <summary>What can go wrong around one payment in <see cref="LedgerModel"/>.</summary>
public enum PaymentFault
{
    None,
    /// <summary>The payee's cell (another one) never answers the payee check: the payment goes on when its alarm rings.</summary>
    PayeeCellSilent,
    /// <summary>Every answer arrives twice, as when a step was sent again before its first answer came.</summary>
    AnswersTwice,
    /// <summary>The payment's node dies after its first journal write: it recovers from its events and resumes; the caller asks again.</summary>
    CrashAfterFirstWrite,
}

/// <summary>
/// Runs payments through the domain the way a cell does, with every account and payment in one dictionary: each
/// <see cref="PaymentProcess"/> reaction is carried out at once (events journaled, steps answered by the accounts'
/// and payments' own decisions), so the rules are tested together without actors.
/// </summary>
internal sealed class LedgerModel
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    public static readonly FeeRate MerchantFee = new(60);

    private readonly Dictionary<AccountId, AccountState> _accounts = [];
    private readonly Dictionary<PaymentId, PaymentProcess> _payments = [];
    private readonly Dictionary<PaymentId, List<PaymentEvent>> _journal = [];
    private PaymentAnswer? _answer;
    private PaymentFault _fault;

    public IEnumerable<AccountState> Accounts => _accounts.Values;

    public AccountState this[AccountId id] => _accounts.TryGetValue(id, out var state) ? state : AccountState.Initial(id);

    public PaymentProcess Payment(PaymentId id) => _payments.TryGetValue(id, out var process) ? process : PaymentProcess.New(id, MerchantFee);

    public void Open(AccountId id, AccountType type, Currency currency)
    {
        var decision = this[id].DecideOpen(type, currency, At);
        if (decision.Event is { } opened) _accounts[id] = this[id].Apply(opened);
    }

    /// <returns>The answer the caller gets in the end (a caller whose node died asks again, with the same request).</returns>
    public PaymentAnswer Pay(PaymentId id, PaymentOrder order, bool crossesCells = false, PaymentFault fault = PaymentFault.None)
    {
        // only another cell can be silent: a payee in the payer's own cell always answers
        _fault = fault == PaymentFault.PayeeCellSilent && !crossesCells ? PaymentFault.None : fault;
        _answer = null;
        Run(id, Payment(id).Start(order, "trace", crossesCells), crossesCells);
        if (_answer is null) Run(id, Payment(id).Start(order, "trace", crossesCells), crossesCells);
        return _answer ?? throw new InvalidOperationException($"payment {id} gave no answer");
    }

    private void Run(PaymentId id, Reaction reaction, bool crossesCells)
    {
        _payments[id] = reaction.Next;
        if (reaction.Reply is { } reply) _answer = reply;
        if (reaction.Answer is { } given) _answer = given;
        var answers = reaction.Send.Select(step => Deliver(id, step)).OfType<Func<PaymentProcess, Reaction>>().ToList();
        if (reaction.Alarm == ProcessAlarm.PayeeCheckOverdue && _fault == PaymentFault.PayeeCellSilent) answers.Add(process => process.PayeeCheckOverdue(At));
        if (reaction.Persist is { } paymentEvent)
        {
            Journal(id).Add(paymentEvent);
            if (_fault == PaymentFault.CrashAfterFirstWrite)
            {
                _fault = PaymentFault.None;
                Crash(id, crossesCells);
                return;
            }
            Run(id, _payments[id].Persisted(paymentEvent), crossesCells);
        }
        foreach (var answer in answers)
        {
            Run(id, answer(_payments[id]), crossesCells);
            if (_fault == PaymentFault.AnswersTwice) Run(id, answer(_payments[id]), crossesCells);
        }
    }

    /// <summary>The node dies: what was in flight is lost, the caller hears nothing, the payment recovers from its journal.</summary>
    private void Crash(PaymentId id, bool crossesCells)
    {
        _answer = null;
        _payments[id] = Journal(id).Aggregate(PaymentProcess.New(id, MerchantFee), (process, e) => process.Apply(e));
        Run(id, _payments[id].Resume(crossesCells), crossesCells);
        _answer = null;
    }

    private List<PaymentEvent> Journal(PaymentId id) => _journal.TryGetValue(id, out var events) ? events : _journal[id] = [];

    /// <summary>What the entity a step goes to does with it, and the answer it sends back (none from a silent cell).</summary>
    private Func<PaymentProcess, Reaction>? Deliver(PaymentId id, ProcessStep step)
    {
        switch (step)
        {
            case ProcessStep.CheckPayee check:
                var payee = this[check.Payee].Profile;
                return _fault == PaymentFault.PayeeCellSilent ? null : process => process.PayeeSeen(payee, At);
            case ProcessStep.Book book:
                var posting = book.Leg.Posting;
                switch (this[posting.Account].DecidePost(posting, At))
                {
                    case PostOutcome.Book booked:
                        _accounts[posting.Account] = this[posting.Account].Apply(booked.Event);
                        return process => process.LegBooked(posting.PostingId, At);
                    case PostOutcome.AlreadyBooked:
                        return process => process.LegBooked(posting.PostingId, At);
                    case PostOutcome.Refused refused:
                        return process => process.LegRefused(posting.PostingId, refused.Why, At);
                    case var other:
                        throw new InvalidOperationException($"no hot accounts in this model: {other}");
                }
            case ProcessStep.ReserveRefund reserve:
                var decision = Payment(reserve.Original).State.DecideReserveRefund(reserve.RefundId, reserve.Amount, At);
                if (decision.Event is { } reserved) Record(reserve.Original, reserved);
                return process => process.RefundReservationAnswered(reserve.RefundId, decision.Rejection, At);
            case ProcessStep.ReleaseRefund release:
                if (Payment(release.Original).State.DecideReleaseRefund(release.RefundId, At) is { } released) Record(release.Original, released);
                return process => process.ReservationReleased(release.RefundId, At);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "unknown step");
        }
    }

    private void Record(PaymentId id, PaymentEvent paymentEvent)
    {
        Journal(id).Add(paymentEvent);
        _payments[id] = Payment(id).Apply(paymentEvent);
    }
}
