using Akka.Event;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// Reads highest sequence numbers in batches, on one connection kept open by a thread of its own (PostgreSQL). Every
/// entity's recovery asks for one, and a payment is a new entity: a read per payment. Borrowing a pooled connection
/// and running a statement for each was a round trip and a server execution per payment; batched, the requests that
/// queued while one read ran share the next.
/// </summary>
internal sealed class BatchedHighestSequenceNrReader : IHighestSequenceNrReader
{
    private const int BatchMax = 1_000;

    private readonly BatchWorker<Request> _worker;

    private sealed record Request(string PersistenceId, TaskCompletionSource<long> Done);

    public BatchedHighestSequenceNrReader(GroupJournalDatabase database, GroupJournalSchema schema, ILoggingAdapter log)
    {
        _worker = new BatchWorker<Request>($"journal reader {schema.Table}", database.OpenReader, BatchMax, _ => 1,
            (connection, batch) =>
            {
                var highest = database.HighestSequenceNrs(connection, schema, batch.Select(request => request.PersistenceId).ToHashSet());
                foreach (var request in batch) request.Done.SetResult(highest.GetValueOrDefault(request.PersistenceId));
            },
            (request, why) => request.Done.TrySetException(why), log);
    }

    /// <summary>Answered on the reader's thread: Akka's journal continues there with a replay (which opens a pooled connection asynchronously) or an answer.</summary>
    public Task<long> Read(string persistenceId)
    {
        var request = new Request(persistenceId, new TaskCompletionSource<long>());
        _worker.Add(request);
        return request.Done.Task;
    }

    public void Dispose() => _worker.Dispose();
}
