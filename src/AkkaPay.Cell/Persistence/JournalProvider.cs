namespace AkkaPay.Cell.Persistence;

public enum JournalProvider
{
    Sqlite,
    Postgres,
    /// <summary>Supported by configuration (Microsoft.Data.SqlClient); not tested here, no SQL Server can run on these machines.</summary>
    SqlServer,
}
