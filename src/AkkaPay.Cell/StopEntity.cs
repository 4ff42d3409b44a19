namespace AkkaPay.Cell;

/// <summary>
/// What a shard stops its account, sub-account and payment entities with, on hand-off and on passivation, instead of
/// a PoisonPill: it is a command, so it waits behind a journal write in progress (Persist holds commands back; an
/// entity that writes with PersistAsync defers its stop behind those writes) and the entity answers that write
/// before it stops. A PoisonPill would stop it first and its caller would hear nothing.
/// Local only: a shard and its entities live in one process.
/// </summary>
public sealed record StopEntity
{
    public static readonly StopEntity Instance = new();
}
