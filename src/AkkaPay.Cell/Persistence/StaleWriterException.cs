namespace AkkaPay.Cell.Persistence;

/// <summary>
/// Thrown by an entity whose write the journal refused because another writer already holds that sequence number:
/// for a moment two incarnations of the entity ran (a node cut off or paused while its shards moved on), and the
/// other one wrote first. This incarnation's state lacks what the other wrote, so it must not decide anything more
/// from it: it crashes, is restarted by its shard, and recovers from the journal with the other writer's events.
/// Left running, it went on from its stale state at the next sequence number (Akka does not give back the refused
/// one), and a chaos run caught it booking a credit the other writer had booked, and breaking its balance chain.
/// </summary>
public sealed class StaleWriterException(string persistenceId, long sequenceNr, Exception cause)
    : Exception($"{persistenceId}: the journal refused sequence number {sequenceNr} (another writer went on); restarting to recover its events", cause)
{
    /// <summary>
    /// What an entity's OnPersistRejected does: a sequence number taken, or a write refused behind such a one, means
    /// another writer went on; a refusal for any other reason is no reason to drop its state.
    /// </summary>
    public static void ThrowIfTaken(string persistenceId, long sequenceNr, Exception cause)
    {
        if (cause is SequenceNumberTakenException or BehindRefusedWriteException) throw new StaleWriterException(persistenceId, sequenceNr, cause);
    }
}
