namespace AkkaPay.Chaos.Checking;

/// <summary>One row of a journal: its sequence number, the writer (one persistent actor's incarnation) and its event, read back.</summary>
/// <param name="Event">An account, sub-account or payment event of the domain; null for anything else the journal holds.</param>
public sealed record StoredEvent(long SequenceNr, string Writer, object? Event);

/// <summary>Every row of one persistence id in a cell's journal, in sequence order.</summary>
public sealed record StoredStream(string Cell, string PersistenceId, IReadOnlyList<StoredEvent> Events);

/// <summary>A write a journal refused because another writer had taken its sequence number (from a node's log).</summary>
public sealed record RefusedWrite(string Node, string PersistenceId, long SequenceNr, double AtMs);
