using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using static AkkaPay.Domain.Payments.Process.ProcessStep;

namespace AkkaPay.Domain.Payments.Process;

/// <summary>
/// One payment as a process: what it knows (its journaled <see cref="State"/>, the legs being booked, the steps
/// awaiting an answer) and what it does about each thing it learns — a request, an answer, an alarm, an event
/// persisted — as a <see cref="Reaction"/>: events to persist, steps to send, answers to give. Pure: the payment
/// actor persists, sends, retries and answers what it is told.
/// </summary>
/// <remarks>
/// The order of a payment: a refund first reserves its amount on the payment it refunds; every payment then checks
/// its payee (a payee in another cell gets a bounded wait, not a veto); the intent is persisted with the fee; the
/// legs are booked one after another (the fee with the credit); a success is answered when its last leg is booked
/// and persisted after (ADR 9). A refused debit fails the payment; a refused credit makes it undo what it booked
/// (compensation) and then fail; any other leg refused breaks an invariant.
/// </remarks>
public sealed record PaymentProcess
{
    public required PaymentId Id { get; init; }

    /// <summary>The fee rate a merchant payment started here is charged.</summary>
    public required FeeRate MerchantFee { get; init; }

    /// <summary>What the journal holds of the payment.</summary>
    public required PaymentState State { get; init; }

    /// <summary>The order being run: the first request's, or the journal's once it was initiated.</summary>
    public PaymentOrder? Order { get; init; }

    public string TraceId { get; init; } = "";

    /// <summary>The payer and the payee live in different cells: the money goes through transit.</summary>
    public bool CrossesCells { get; init; }

    /// <summary>The legs being booked: the forward plan, or the compensation once the credit was refused.</summary>
    public ImmutableArray<PaymentLeg> Plan { get; init; } = [];

    /// <summary>The first leg of <see cref="Plan"/> not sent yet.</summary>
    public int NextLeg { get; init; }

    /// <summary>The credit's refusal, kept until the legs booked with the credit have answered.</summary>
    public Rejection? CreditRefused { get; init; }

    /// <summary>The debit is booked and the money is in transit to the payee's cell.</summary>
    public bool InTransit { get; init; }

    /// <summary>The steps sent and not answered yet: one, or a credit and the fee booked with it.</summary>
    public ImmutableArray<ProcessStep> Outstanding { get; init; } = [];

    /// <summary>A refund that failed: why, kept while its reservation is given back.</summary>
    public Rejection? EndsOnceReleased { get; init; }

    public static PaymentProcess New(PaymentId id, FeeRate merchantFee) =>
        new() { Id = id, MerchantFee = merchantFee, State = new PaymentState { PaymentId = id.Value } };

    public bool IsFinished => State.IsFinished;

    /// <summary>Waiting for the payee's cell to say whether the payee can take the credit.</summary>
    public bool AwaitsPayeeCheck => State.Status == PaymentStatus.New && Outstanding.Any(step => step is CheckPayee);

    /// <summary>What a caller is told now: in_transit while the money is on its way, the failure once final.</summary>
    public PaymentAnswer Answer => new(
        InTransit && !State.IsFinished ? PaymentStatus.InTransit : State.Status, State.Fee, State.IsFinished ? State.Failure : null);

    private PaymentAnswer KeyReused => new(PaymentStatus.Failed, 0, PaymentState.KeyReused(Id.Value));

    /// <summary>An event read back from the journal, or persisted by a decision that needs no reaction.</summary>
    public PaymentProcess Apply(PaymentEvent paymentEvent) => this with { State = State.Apply(paymentEvent) };

    /// <param name="crossesCells">Whether the payer and payee of <paramref name="order"/> live in different cells.</param>
    public Reaction Start(PaymentOrder order, string traceId, bool crossesCells)
    {
        switch (State.DecideStart(order))
        {
            case StartDecision.KeyReused:
                return new Reaction(this) { Reply = KeyReused };
            case StartDecision.Replay when State.IsFinished || InTransit:
                return new Reaction(this) { Reply = Answer };
            case StartDecision.Replay:
                return new Reaction(this) { SenderWaits = true };
            case StartDecision.Begin when !Outstanding.IsEmpty:
                // a first request is still running its pre-checks: this one waits for the same answer, or conflicts
                return order == Order ? new Reaction(this) { SenderWaits = true } : new Reaction(this) { Reply = KeyReused };
            case StartDecision.Begin:
                var begun = this with { Order = order, TraceId = traceId, CrossesCells = crossesCells };
                return (order.Kind == PaymentKind.Refund ? begun.ReserveOnOriginal() : begun.CheckPayee()) with { SenderWaits = true };
            default:
                throw new ArgumentOutOfRangeException(nameof(order), order, "unknown start decision");
        }
    }

    /// <summary>After recovery: a payment the journal left pending goes on from where it stopped.</summary>
    /// <param name="crossesCells">Whether the payer and payee of the journal's order live in different cells.</param>
    public Reaction Resume(bool crossesCells)
    {
        if (State.Status != PaymentStatus.Pending) return new Reaction(this);
        var resumed = this with { Order = State.Order, TraceId = State.TraceId!, CrossesCells = crossesCells };
        if (State.IsCompensating) return resumed.Book(resumed.Compensation());
        if (State.Order!.Kind == PaymentKind.Refund) return resumed.ReserveOnOriginal();
        return resumed.Book(resumed.ForwardPlan());
    }

    public Reaction RefundReservationAnswered(string refundId, Rejection? refused, DateTimeOffset at)
    {
        if (!TryTake<ReserveRefund>(reserve => reserve.RefundId == refundId, out var answered)) return new Reaction(this);
        if (refused is not null) return answered.End(refused, at);
        return State.Status == PaymentStatus.Pending ? answered.Book(answered.ForwardPlan()) : answered.CheckPayee();
    }

    public Reaction PayeeSeen(AccountProfile payee, DateTimeOffset at)
    {
        if (!TryTake<CheckPayee>(check => check.Payee == payee.Id, out var answered)) return new Reaction(this);
        return payee.Refuses(Order!.PayeeType, Order.Currency) is { } why
            ? answered.ReleaseReservationThenEnd(why, at)
            : answered.Initiate(at);
    }

    /// <summary>The payee's cell did not answer in time: go on without knowing; if it refuses the credit later, the payment compensates.</summary>
    public Reaction PayeeCheckOverdue(DateTimeOffset at) =>
        AwaitsPayeeCheck && TryTake<CheckPayee>(_ => true, out var unanswered) ? unanswered.Initiate(at) : new Reaction(this);

    public Reaction InTransitAnswerDue() => InTransit && !State.IsFinished ? new Reaction(this) { Answer = Answer } : new Reaction(this);

    public Reaction LegBooked(string postingId, DateTimeOffset at)
    {
        if (!TryTake<Book>(book => book.Leg.Posting.PostingId == postingId, out var answered)) return new Reaction(this);
        if (answered.LegOf(postingId).Kind == LegKind.IntoTransit)
            return (answered with { InTransit = true }).AfterLeg(at) with { Alarm = ProcessAlarm.AnswerInTransit };
        return answered.AfterLeg(at);
    }

    public Reaction LegRefused(string postingId, Rejection why, DateTimeOffset at)
    {
        if (!TryTake<Book>(book => book.Leg.Posting.PostingId == postingId, out var answered)) return new Reaction(this);
        return answered.LegOf(postingId).Kind switch
        {
            LegKind.Debit => answered.ReleaseReservationThenEnd(why, at),
            // the fee sent with the credit is booked before the compensation starts, which then gives it back
            LegKind.Credit when answered.LegsInFlight => new Reaction(answered with { CreditRefused = why }),
            LegKind.Credit => answered.Compensate(why, at),
            var kind => throw new InvalidOperationException($"payment {Id}: leg {postingId} ({kind}) refused ({why.Code}) where only a retry is possible"),
        };
    }

    public Reaction ReservationReleased(string refundId, DateTimeOffset at)
    {
        if (!TryTake<ReleaseRefund>(release => release.RefundId == refundId, out var answered)) return new Reaction(this);
        return (answered with { EndsOnceReleased = null }).End(EndsOnceReleased!, at);
    }

    /// <summary>What follows once <paramref name="persisted"/>, decided by an earlier reaction, is in the journal.</summary>
    public Reaction Persisted(PaymentEvent persisted)
    {
        var next = Apply(persisted);
        return persisted switch
        {
            PaymentInitiated => next.Book(next.ForwardPlan()),
            PaymentCompensating => next.Book(next.Compensation()),
            PaymentSucceeded or PaymentFailed or PaymentRejected => new Reaction(next) { Answer = next.Answer },
            _ => new Reaction(next),
        };
    }

    /// <summary>Every leg in flight has answered: send the next, undo a refused credit, or finish.</summary>
    private Reaction AfterLeg(DateTimeOffset at)
    {
        if (LegsInFlight) return new Reaction(this);
        if (CreditRefused is { } why) return Compensate(why, at);
        if (NextLeg < Plan.Length) return SendNextLegs();
        var done = this with { InTransit = false };
        // every booked leg is undone: the payment failed
        if (State.IsCompensating) return done.ReleaseReservationThenEnd(State.Failure!, at);
        // Every leg is booked, so nothing can undo the payment any more: its callers learn it now, one commit sooner,
        // and its outcome is written after. A crash before that write leaves it pending, and the cell's resumer walks
        // its booked legs again and writes it (ADR 9).
        return new Reaction(done) { Answer = new PaymentAnswer(PaymentStatus.Succeeded, State.Fee, null), Persist = new PaymentSucceeded(at) };
    }

    private Reaction ReserveOnOriginal() => Sending(new ReserveRefund(PaymentId.Parse(Order!.RefundOf!), Id.Value, Order.Amount));

    /// <summary>Asks the payee's cell whether the credit can land; a cell that is down gets a bounded wait, not a veto.</summary>
    private Reaction CheckPayee() => Sending(new CheckPayee(Order!.Payee)) with { Alarm = CrossesCells ? ProcessAlarm.PayeeCheckOverdue : null };

    private Reaction Initiate(DateTimeOffset at) =>
        new(this) { Persist = new PaymentInitiated(Id.Value, Order!, Order!.FeeUnder(MerchantFee), TraceId, at) };

    private Reaction Compensate(Rejection why, DateTimeOffset at) =>
        new(this with { CreditRefused = null }) { Persist = new PaymentCompensating(why.Code, why.Detail, at, PaymentLegs.FeeBookedWithCredit(Plan) > 0) };

    private Reaction ReleaseReservationThenEnd(Rejection why, DateTimeOffset at) =>
        Order!.Kind == PaymentKind.Refund
            ? (this with { EndsOnceReleased = why }).Sending(new ReleaseRefund(PaymentId.Parse(Order.RefundOf!), Id.Value))
            : End(why, at);

    /// <summary>Refused before its intent was written, a payment is rejected; after, it failed (whatever it booked is undone by now).</summary>
    private Reaction End(Rejection why, DateTimeOffset at) => new(this)
    {
        Persist = State.Status == PaymentStatus.New
            ? new PaymentRejected(Id.Value, Order!, TraceId, why.Code, why.Detail, at)
            : new PaymentFailed(why.Code, why.Detail, at),
    };

    /// <summary>Books <paramref name="plan"/> from its first leg; legs booked before answer with their entries.</summary>
    private Reaction Book(ImmutableArray<PaymentLeg> plan) => (this with { Plan = plan, NextLeg = 0 }).SendNextLegs();

    /// <summary>Sends the next leg and the legs booked with it.</summary>
    private Reaction SendNextLegs()
    {
        var next = NextLeg;
        var legs = ImmutableArray.CreateBuilder<ProcessStep>(2);
        do legs.Add(new Book(Plan[next++]));
        while (next < Plan.Length && Plan[next].BookedWithPrevious);
        var steps = legs.ToImmutable();
        return new Reaction(this with { NextLeg = next, Outstanding = Outstanding.AddRange(steps) }) { Send = steps };
    }

    private Reaction Sending(ProcessStep step) => new(this with { Outstanding = Outstanding.Add(step) }) { Send = [step] };

    private ImmutableArray<PaymentLeg> ForwardPlan() => PaymentLegs.Plan(Id, Order!, State.Fee, TraceId, State.InitiatedAt, CrossesCells);

    private ImmutableArray<PaymentLeg> Compensation() =>
        PaymentLegs.Compensation(Id, Order!, State.FeeBookedBeforeRefusal ? State.Fee : 0, TraceId, State.InitiatedAt, CrossesCells);

    private bool LegsInFlight => Outstanding.Any(step => step is Book);

    private PaymentLeg LegOf(string postingId) => Plan.First(leg => leg.Posting.PostingId == postingId);

    /// <summary>True when an answer matches a step in flight (which it then no longer is); late answers to earlier sends match none.</summary>
    private bool TryTake<TStep>(Func<TStep, bool> matches, out PaymentProcess answered) where TStep : ProcessStep
    {
        for (var index = 0; index < Outstanding.Length; index++)
            if (Outstanding[index] is TStep sent && matches(sent))
            {
                answered = this with { Outstanding = Outstanding.RemoveAt(index) };
                return true;
            }
        answered = this;
        return false;
    }
}
