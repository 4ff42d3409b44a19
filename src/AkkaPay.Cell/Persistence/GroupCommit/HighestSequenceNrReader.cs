using System.Data.Common;
using System.Threading.Channels;
using Akka.Event;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// Reads highest sequence numbers in batches, on one connection kept open by a thread of its own (PostgreSQL; see
/// <see cref="GroupJournalDatabase.BatchesHighestReads"/>). Every entity's recovery asks for one, and a payment is a
/// new entity: a read per payment. Borrowing a pooled connection and running a statement for each was a round trip
/// and a server execution per payment; batched, the requests that queued while one read ran share the next.
/// </summary>
internal sealed class HighestSequenceNrReader : IDisposable
{
    private const int BatchMax = 1_000;

    private readonly GroupJournalDatabase _database;
    private readonly GroupJournalSchema _schema;
    private readonly ILoggingAdapter _log;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly Thread _reader;

    private sealed record Request(string PersistenceId, TaskCompletionSource<long> Done);

    public HighestSequenceNrReader(GroupJournalDatabase database, GroupJournalSchema schema, ILoggingAdapter log)
    {
        (_database, _schema, _log) = (database, schema, log);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"journal reader {schema.Table}" };
        _reader.Start();
    }

    public Task<long> Read(string persistenceId)
    {
        // completed on the reader thread: Akka's journal continues with a replay (pooled, asynchronous) or an answer
        var request = new Request(persistenceId, new TaskCompletionSource<long>());
        if (!_queue.Writer.TryWrite(request)) request.Done.SetException(new InvalidOperationException("the journal is stopping"));
        return request.Done.Task;
    }

    private void ReadLoop()
    {
        DbConnection? connection = null;
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var batch = new List<Request>();
            while (batch.Count < BatchMax && _queue.Reader.TryRead(out var request)) batch.Add(request);
            try
            {
                connection ??= _database.OpenReader();
                var highest = _database.HighestSequenceNrs(connection, _schema, batch.Select(request => request.PersistenceId).ToHashSet());
                foreach (var request in batch) request.Done.SetResult(highest.GetValueOrDefault(request.PersistenceId));
            }
            catch (Exception e)
            {
                _log.Error(e, "journal {0}: reading {1} highest sequence numbers failed", _schema.Table, batch.Count);
                foreach (var request in batch) request.Done.TrySetException(e);
                connection?.Dispose();
                connection = null;
            }
        }
        connection?.Dispose();
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _reader.Join(TimeSpan.FromSeconds(10));
    }
}
