using System.Data;
using System.Data.Common;
using AkkaPay.Cell.Persistence;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AkkaPay.Benchmarks;

/// <summary>
/// The database's own insert ceiling, the anchor of the journal figures: journal-shaped rows (persistence id,
/// sequence number, a 200-byte payload, the same unique key) inserted by one connection in transactions of 100 rows,
/// with nothing of Akka around them. SQLite in WAL mode with synchronous FULL, as the cells run it; PostgreSQL with
/// fsync on, one statement over arrays per transaction, as the group-commit journal writes.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RawInsertBenchmarks
{
    private const int Rows = 16_000;
    private const int RowsPerTransaction = 100;
    private static readonly byte[] Payload = new byte[200];

    private readonly BenchmarkJournal _journal = new();
    private DbConnection _connection = null!;
    private long _round;

    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    [GlobalSetup]
    public async Task Setup()
    {
        var journal = await _journal.CreateAsync(Backend);
        if (journal.Provider == JournalProvider.Sqlite)
        {
            SqliteJournalFile.Prepare(journal.ConnectionString);
            _connection = new SqliteConnection(journal.ConnectionString);
        }
        else _connection = new NpgsqlConnection(journal.ConnectionString);
        await _connection.OpenAsync();
        await Execute(journal.Provider == JournalProvider.Sqlite
            ? "PRAGMA synchronous = FULL; CREATE TABLE raw (persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (persistence_id, sequence_nr))"
            : "CREATE TABLE raw (persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, payload BYTEA NOT NULL, PRIMARY KEY (persistence_id, sequence_nr))");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _connection.DisposeAsync();
        await _journal.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task CommittedRow()
    {
        var round = Interlocked.Increment(ref _round);
        for (var first = 0; first < Rows; first += RowsPerTransaction)
        {
            var rows = Enumerable.Range(first, RowsPerTransaction)
                // a writer of four events, as the journal benchmarks' writers are: rows land across the key's range
                .Select(row => (Id: $"bench-writer-{row / 4}", Seq: round * 4 + row % 4))
                .ToArray();
            if (_connection is NpgsqlConnection postgres) await InsertPostgres(postgres, rows);
            else await InsertSqlite(rows);
        }
    }

    /// <summary>SQLite runs in process: one prepared insert executed per row, one commit per transaction.</summary>
    private async Task InsertSqlite((string Id, long Seq)[] rows)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        await using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO raw (persistence_id, sequence_nr, payload) VALUES (@id, @seq, @payload)";
        var id = Parameter(insert, "@id", DbType.String);
        var seq = Parameter(insert, "@seq", DbType.Int64);
        Parameter(insert, "@payload", DbType.Binary).Value = Payload;
        await insert.PrepareAsync();
        foreach (var row in rows)
        {
            id.Value = row.Id;
            seq.Value = row.Seq;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>PostgreSQL is a round trip away: the transaction's rows go as arrays in one statement, which commits by itself.</summary>
    private static async Task InsertPostgres(NpgsqlConnection connection, (string Id, long Seq)[] rows)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO raw (persistence_id, sequence_nr, payload) SELECT * FROM unnest(@ids, @seqs, @payloads)", connection);
        insert.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        insert.Parameters.AddWithValue("seqs", rows.Select(r => r.Seq).ToArray());
        insert.Parameters.AddWithValue("payloads", rows.Select(_ => Payload).ToArray());
        await insert.ExecuteNonQueryAsync();
    }

    private static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private async Task Execute(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
