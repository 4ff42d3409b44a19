using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>What a cell reads of its group-commit journal besides replays: every event (for its audit) and the pending streams.</summary>
public static class GroupJournalReader
{
    /// <summary>The persistence ids that are pending now (<see cref="PendingStreams"/>).</summary>
    public static async Task<IReadOnlyList<string>> PendingPersistenceIds(GroupJournalDatabase database, string table)
    {
        await using var connection = await database.OpenReaderAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = new GroupJournalSchema(table).Pending;
        await using var reader = await select.ExecuteReaderAsync();
        var pending = new List<string>();
        while (await reader.ReadAsync()) pending.Add(reader.GetString(0));
        return pending;
    }

    /// <summary>Every row of the journal as stored, stream by stream in sequence order, its payload not read.</summary>
    public static IEnumerable<StoredRow> EveryRow(GroupJournalDatabase database, string table)
    {
        using var connection = database.OpenReader();
        using var select = connection.CreateCommand();
        select.CommandText = new GroupJournalSchema(table).EveryRow;
        using var reader = select.ExecuteReader();
        while (reader.Read())
            yield return new StoredRow(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), (byte[])reader["payload"]);
    }

    public static Source<EventEnvelope, NotUsed> CurrentAllEvents(GroupJournalDatabase database, string table, Akka.Serialization.Serialization serialization) =>
        Source.FromEnumerator(() => Read(database, table, serialization).GetEnumerator());

    private static IEnumerable<EventEnvelope> Read(GroupJournalDatabase database, string table, Akka.Serialization.Serialization serialization)
    {
        using var connection = database.OpenReader();
        using var select = connection.CreateCommand();
        select.CommandText = new GroupJournalSchema(table).All;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var payload = serialization.Deserialize((byte[])reader["payload"], reader.GetInt32(3), reader.GetString(4));
            yield return new EventEnvelope(Offset.Sequence(reader.GetInt64(0)), reader.GetString(1), reader.GetInt64(2), payload, 0, []);
        }
    }
}

/// <summary>One row of a group-commit journal: who wrote which sequence number of which stream, and the serialized event.</summary>
public sealed record StoredRow(string PersistenceId, long SequenceNr, string Writer, int SerializerId, string Manifest, byte[] Payload);
