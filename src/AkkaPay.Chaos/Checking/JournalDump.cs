using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Persistence.GroupCommit;
using AkkaPay.Cell.Serialization;

namespace AkkaPay.Chaos.Checking;

/// <summary>Reads a cell's whole journal straight from its database, every row with its writer, events deserialized.</summary>
public static class JournalDump
{
    public static IReadOnlyList<StoredStream> Read(string cell, JournalOptions journal)
    {
        if (!CellPersistenceConfig.UsesGroupCommit(journal))
            throw new NotSupportedException($"cell {cell}: only SQLite and PostgreSQL journals can be checked (its journal is {journal.Provider})");
        var database = GroupJournalDatabase.For(journal.Provider, journal.ConnectionString);
        return [.. GroupJournalReader.EveryRow(database, CellPersistenceConfig.GroupJournalTable)
            .GroupBy(row => row.PersistenceId)
            .Select(rows => new StoredStream(cell, rows.Key, [.. rows.Select(row => new StoredEvent(row.SequenceNr, row.Writer, Event(row)))]))];
    }

    private static object? Event(StoredRow row) =>
        row.SerializerId == AkkaPaySerializer.SerializerId ? AkkaPaySerializer.Deserialize(row.Payload, row.Manifest) : null;
}
