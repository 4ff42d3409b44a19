namespace AkkaPay.Cell;

/// <summary>A message for one sharded entity of a cell. The entity id starts or ends with the account whose bucket is its shard.</summary>
public interface ICellMessage
{
    string EntityId { get; }
}

/// <summary>Marks every type that AkkaPay's serializer writes (events, snapshots, cluster messages).</summary>
public interface IAkkaPayMessage;
