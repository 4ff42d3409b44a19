namespace AkkaPay.Cell.Persistence;

/// <summary>
/// The tags that keep a journal's list of pending streams: a persistence id is pending from an event tagged
/// <see cref="PendingTag"/> until an event tagged <see cref="SettledTag"/> lands. The group-commit journal keeps
/// the list in the same transaction as the events, so it costs no write of its own; a cell reads it at start to
/// wake the entities that still owe work (ADR 7).
/// </summary>
public static class PendingStreams
{
    public const string PendingTag = "pending";
    public const string SettledTag = "settled";
}
