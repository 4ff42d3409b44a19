using AkkaPay.Cell.Persistence;

namespace AkkaPay.Host;

/// <summary>`akkapay up`: one process carrying the unit router and one cell.</summary>
public sealed record EmbeddedNodeOptions(int HttpPort, string DataDirectory, JournalOptions? Journal = null)
{
    public string CellId { get; init; } = "c0";

    public int RemotingPort { get; init; }

    /// <summary>The journal to use: the one given, else one SQLite file for the cell under the data directory.</summary>
    public JournalOptions ResolvedJournal => Journal ?? JournalOptions.SqliteFile(Path.Combine(DataDirectory, $"cell-{CellId}.db"));
}
