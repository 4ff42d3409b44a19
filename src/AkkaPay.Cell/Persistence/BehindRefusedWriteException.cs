namespace AkkaPay.Cell.Persistence;

/// <summary>
/// What the journal answers a write whose writer had an earlier write of the same persistence id refused (its sequence
/// number taken) or given up (Akka's call timeout answered it while it was queued). Written, it would land behind
/// another writer's events or after a gap: a stale incarnation's later events amid a newer one's.
/// </summary>
public sealed class BehindRefusedWriteException(string persistenceId, long sequenceNr)
    : InvalidOperationException($"sequence number {sequenceNr} of {persistenceId} is not written: an earlier write of the same writer was refused or given up");
