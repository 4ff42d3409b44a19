using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using AkkaPay.Chaos.Checking;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Collects, from the nodes' logs, every write a journal refused because another writer held its sequence number
/// (Akka.Persistence logs such a rejection; the group-commit journal rejects exactly that case).
/// </summary>
public sealed partial class RefusedWriteLog(Stopwatch clock)
{
    private readonly ConcurrentQueue<RefusedWrite> _refused = new();

    public IReadOnlyList<RefusedWrite> Refused => [.. _refused];

    public void Watch(NodeProcess node) => node.Line += (source, line) =>
    {
        if (Rejection().Match(line) is { Success: true } match)
            _refused.Enqueue(new RefusedWrite(source.Name, match.Groups["pid"].Value, long.Parse(match.Groups["seq"].Value), clock.Elapsed.TotalMilliseconds));
    };

    [GeneratedRegex(@"Rejected to persist event type \[[^\]]*\] with sequence number \[(?<seq>\d+)\] for persistenceId \[(?<pid>[^\]]+)\]")]
    private static partial Regex Rejection();
}
