using System.Data.Common;
using System.Threading.Channels;
using Akka.Event;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// A thread of its own that takes everything queued (up to a size) and works it off in one go, on a connection it
/// keeps open. A failed batch fails each of its items, and the next batch starts on a new connection.
/// </summary>
/// <remarks>
/// A thread, not the thread pool: the worker blocks in the database for most of its life (a commit's sync, a round
/// trip to PostgreSQL); on the pool, four cells' workers held pool threads, and a burst of new payments (a step up
/// in load) stalled the whole process for a second or so until the pool grew. Queueing wakes the worker directly
/// (synchronous continuations) instead of through a work item queued behind every actor on the pool; measured,
/// that hop was about a third of a journal write's wait under load.
/// </remarks>
internal sealed class BatchWorker<T> : IDisposable
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly Thread _thread;
    private readonly Func<DbConnection> _open;
    private readonly int _sizeMax;
    private readonly Func<T, int> _sizeOf;
    private readonly Action<DbConnection, List<T>> _work;
    private readonly Action<T, Exception> _fail;
    private readonly ILoggingAdapter _log;
    private readonly BusyPause _busyPause;

    /// <param name="sizeOf">How much of <paramref name="sizeMax"/> one item takes.</param>
    /// <param name="work">Works off a batch; throws to fail all of it.</param>
    /// <param name="fail">Fails one item of a failed batch, or one queued while the worker stops.</param>
    /// <param name="busyPause">Whether to wait before a batch while batches follow each other closely (never when null).</param>
    public BatchWorker(
        string name, Func<DbConnection> open, int sizeMax, Func<T, int> sizeOf, Action<DbConnection, List<T>> work, Action<T, Exception> fail, ILoggingAdapter log,
        BusyPause? busyPause = null)
    {
        (_open, _sizeMax, _sizeOf, _work, _fail, _log, _busyPause) = (open, sizeMax, sizeOf, work, fail, log, busyPause ?? BusyPause.Never);
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public void Add(T item)
    {
        if (!_queue.Writer.TryWrite(item)) _fail(item, new InvalidOperationException($"{_thread.Name} is stopping"));
    }

    private void Loop()
    {
        DbConnection? connection = null;
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            _busyPause.BeforeBatch();
            var batch = new List<T>();
            var size = 0;
            while (size < _sizeMax && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
                size += _sizeOf(item);
            }
            try
            {
                connection ??= _open();
                _work(connection, batch);
            }
            catch (Exception e)
            {
                _log.Error(e, "{0}: a batch of {1} failed", _thread.Name, batch.Count);
                foreach (var item in batch) _fail(item, e);
                connection?.Dispose();
                connection = null;
            }
        }
        connection?.Dispose();
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(10));
    }
}
