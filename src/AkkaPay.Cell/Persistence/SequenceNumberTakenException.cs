namespace AkkaPay.Cell.Persistence;

/// <summary>What the journal answers a write whose sequence number another writer of the same persistence id holds.</summary>
public sealed class SequenceNumberTakenException(string persistenceId, long sequenceNr)
    : InvalidOperationException($"sequence number {sequenceNr} of {persistenceId} is already written (a second writer of this persistence id?)");
