namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>What an event does to the list of pending streams (<see cref="PendingStreams"/>).</summary>
internal enum PendingMark : short { None = 0, Pending = 1, Settled = 2 }

/// <summary>One event as the group-commit journal writes it.</summary>
internal sealed record JournalRow(string PersistenceId, long SequenceNr, int SerializerId, string Manifest, byte[] Payload, string WriterUuid, PendingMark Mark);
