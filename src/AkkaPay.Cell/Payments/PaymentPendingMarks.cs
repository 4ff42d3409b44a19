using System.Collections.Immutable;
using Akka.Persistence.Journal;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Cell.Payments;

/// <summary>
/// Tags a payment's intent as pending and its outcome as settled, so a journal that keeps pending streams lists
/// every payment that may still owe a leg (ADR 7). A rejection needs no tag: nothing was pending before it.
/// </summary>
public sealed class PaymentPendingMarks : IWriteEventAdapter
{
    private static readonly ImmutableHashSet<string> Pending = [PendingStreams.PendingTag];
    private static readonly ImmutableHashSet<string> Settled = [PendingStreams.SettledTag];

    public string Manifest(object evt) => "";

    public object ToJournal(object evt) => evt switch
    {
        PaymentInitiated => new Tagged(evt, Pending),
        PaymentSucceeded or PaymentFailed => new Tagged(evt, Settled),
        _ => evt,
    };
}
