using Akka.Cluster.Sharding;

namespace AkkaPay.Cell.Hosting;

/// <summary>
/// Shard id = bucket (00–99) of the account an entity belongs to: account ids end with it, payment ids
/// start with their scope account. So "which cell hosts this shard" is the routing table's question.
/// </summary>
public sealed class CellMessageExtractor : IMessageExtractor
{
    public string? EntityId(object message) => message switch
    {
        ICellMessage cellMessage => cellMessage.EntityId,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } entityId ? ShardId(entityId) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        entityId.Length == Domain.Accounts.AccountId.Length ? entityId[^2..] : entityId.Substring(Domain.Accounts.AccountId.Length - 2, 2);
}
