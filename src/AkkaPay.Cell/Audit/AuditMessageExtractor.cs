using Akka.Cluster.Sharding;

namespace AkkaPay.Cell.Audit;

/// <summary>A cell's audit region has one entity in one shard: the cell's auditor.</summary>
public sealed class AuditMessageExtractor : IMessageExtractor
{
    private const string Shard = "audit";

    public string? EntityId(object message) => message is AuditCell ? AuditCell.EntityId : null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => message is AuditCell ? Shard : null;

    public string ShardId(string entityId, object? messageHint = null) => Shard;
}
