using System.Collections;
using System.Collections.Concurrent;
using Akka.Actor;

namespace AkkaPay.Cell.Payments;

/// <summary>
/// The payments of one cell on this node that wait for an answer to a step: what <see cref="StepRetryClock"/> ticks.
/// Payments add and remove themselves; it holds nothing else of theirs.
/// </summary>
/// <remarks>
/// A shared set rather than an Akka timer per payment: a cancelled timer stays in the scheduler, holding its
/// payment, until it would have fired. With a retry interval of seconds that kept every finished payment of the
/// last seconds alive, and copying those was most of what each garbage collection did.
/// </remarks>
public sealed class AwaitingPayments : IEnumerable<IActorRef>
{
    private readonly ConcurrentDictionary<IActorRef, byte> _payments = new(ReferenceEqualityComparer.Instance);

    public void Add(IActorRef payment) => _payments.TryAdd(payment, 0);

    public void Remove(IActorRef payment) => _payments.TryRemove(payment, out _);

    /// <remarks>Walks the set as it changes, without locking it or copying it (which <c>Keys</c> would).</remarks>
    public IEnumerator<IActorRef> GetEnumerator()
    {
        foreach (var (payment, _) in _payments) yield return payment;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
