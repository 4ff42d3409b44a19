using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Persistence.GroupCommit;

namespace AkkaPay.Testing;

/// <summary>The epoch stored in a cell's journal database (the group-commit journal's epoch table), read as an operator would.</summary>
public static class StoredEpoch
{
    public static long Of(JournalOptions journal)
    {
        using var connection = GroupJournalDatabase.For(journal.Provider, journal.ConnectionString).OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT epoch FROM event_journal_epoch WHERE id = 1";
        return Convert.ToInt64(read.ExecuteScalar());
    }
}
