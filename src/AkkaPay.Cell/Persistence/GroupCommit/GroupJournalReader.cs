using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>Every event of a group-commit journal table, in write order: what a cell's audit folds.</summary>
public static class GroupJournalReader
{
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
