using System.Collections.Immutable;

namespace AkkaPay.Domain.Payments.Process;

/// <summary>
/// What a payment does about one thing it learnt. The shell carries it out in this order: answer the callers,
/// send the steps, set the alarm, persist the event (and hand it back to <see cref="PaymentProcess.Persisted"/>).
/// </summary>
public sealed record Reaction(PaymentProcess Next)
{
    /// <summary>The answer for the one who sent what this reacts to, right away (a replay, a key reused).</summary>
    public PaymentAnswer? Reply { get; init; }

    /// <summary>The one who sent it waits, with the other callers, for the payment's answer.</summary>
    public bool SenderWaits { get; init; }

    /// <summary>The answer for every caller waiting.</summary>
    public PaymentAnswer? Answer { get; init; }

    public ImmutableArray<ProcessStep> Send { get; init; } = [];

    public ProcessAlarm? Alarm { get; init; }

    /// <summary>To persist before anything else happens to the payment.</summary>
    public PaymentEvent? Persist { get; init; }
}
