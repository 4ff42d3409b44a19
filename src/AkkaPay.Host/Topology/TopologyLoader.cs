using System.Text.Json;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Host.Topology;

/// <summary>A topology that passed every check: the cells with their bucket ranges, sites and journals.</summary>
public sealed record Topology(IReadOnlyList<string> Sites, IReadOnlyList<TopologyCell> Cells, IReadOnlyList<NodeEntry> Nodes, JournalOptions RoutingJournal)
{
    public const string SystemName = "akkapay";

    /// <summary>The routing table's journal when the topology names none: a SQLite file in the data directory.</summary>
    public static JournalOptions DefaultRoutingJournal(string dataDirectory) => JournalOptions.SqliteFile(Path.Combine(dataDirectory, "routing.db"));

    /// <summary>Every node's Akka address, in file order: the seed nodes of a multi-process cluster.</summary>
    /// <summary>The cells with automatic failover, each with how long its active site may have no live node.</summary>
    public IReadOnlyDictionary<string, TimeSpan> AutomaticFailoverAfter =>
        Cells.Where(cell => cell.AutoFailoverAfter is not null).ToDictionary(cell => cell.Id, cell => cell.AutoFailoverAfter!.Value);

    public IReadOnlyList<string> SeedNodes => [.. Nodes.Select(n => $"akka.tcp://{SystemName}@127.0.0.1:{n.RemotingPort}")];

    /// <summary>The routing table this topology starts from (version 1); the cluster keeps it from then on.</summary>
    public RoutingTable Routing() => RoutingTable.Create(
        Cells.ToDictionary(cell => cell.Id, cell => cell.Buckets),
        Cells.ToDictionary(cell => cell.Id, cell => cell.Site));
}

/// <param name="Journal">The cell's journal as its topology's active site reaches it.</param>
/// <param name="JournalBySite">Other sites' copies of the journal; a site not named uses <paramref name="Journal"/>.</param>
/// <param name="AutoFailoverAfter">How long the active site may have no live node before the keeper fails the cell over; null: never by itself.</param>
public sealed record TopologyCell(string Id, IReadOnlyList<BucketRange> Buckets, string Site, JournalOptions Journal,
    IReadOnlyDictionary<string, JournalOptions> JournalBySite, TimeSpan? SweepInterval, TimeSpan? AutoFailoverAfter = null)
{
    /// <summary>The cell as a node of <paramref name="site"/> hosts it: with that site's copy of the journal.</summary>
    public CellOptions Options(string site)
    {
        var options = new CellOptions(Id, JournalBySite.GetValueOrDefault(site, Journal));
        return SweepInterval is { } interval ? options with { SweepInterval = interval } : options;
    }
}

public sealed class TopologyException(string file, IReadOnlyList<string> problems)
    : Exception($"topology {file} is refused:{Environment.NewLine}  - {string.Join($"{Environment.NewLine}  - ", problems)}");

public static class TopologyLoader
{
    /// <summary>Reads and checks a topology file; anything wrong is refused with every problem named.</summary>
    public static Topology Load(string path, string dataDirectory)
    {
        if (!File.Exists(path)) throw new TopologyException(path, [$"file not found: {Path.GetFullPath(path)}"]);
        TopologyFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), TopologyJsonContext.Default.TopologyFile);
        }
        catch (JsonException e)
        {
            throw new TopologyException(path, [$"not valid topology JSON: {e.Message}"]);
        }
        if (file is null) throw new TopologyException(path, ["not valid topology JSON: null"]);

        var problems = new List<string>();
        var cells = new List<TopologyCell>();
        var rangesByCell = new Dictionary<string, IReadOnlyList<BucketRange>>();
        foreach (var cell in file.Cells)
        {
            var ranges = new List<BucketRange>();
            if (!rangesByCell.TryAdd(cell.Id, ranges)) problems.Add($"cell id {cell.Id} appears more than once");
            foreach (var text in cell.Buckets)
                if (BucketRange.TryParse(text, out var range)) ranges.Add(range);
                else problems.Add($"cell {cell.Id}: '{text}' is not a bucket range (two digits, or two digits-two digits, 00..99)");
            if (!file.Sites.Contains(cell.Site)) problems.Add($"cell {cell.Id}: unknown site '{cell.Site}' (sites: {string.Join(", ", file.Sites)})");
            var bySite = new Dictionary<string, JournalOptions>();
            foreach (var (site, entry) in cell.JournalBySite ?? new Dictionary<string, JournalEntry>())
                if (!file.Sites.Contains(site)) problems.Add($"cell {cell.Id}: journalBySite names unknown site '{site}' (sites: {string.Join(", ", file.Sites)})");
                else if (Journal($"cell {cell.Id} in {site}", entry, dataDirectory, out var copy) is { } copyProblem) problems.Add(copyProblem);
                else bySite[site] = copy!;
            if (Journal($"cell {cell.Id}", cell.Journal, dataDirectory, out var journal) is { } journalProblem) problems.Add(journalProblem);
            else cells.Add(new TopologyCell(cell.Id, ranges, cell.Site, journal!, bySite, Seconds(cell.SweepIntervalSeconds), Seconds(cell.AutoFailoverAfterSeconds)));
            if (cell.SweepIntervalSeconds is <= 0 or > 3600) problems.Add($"cell {cell.Id}: sweepIntervalSeconds must be more than 0 and at most 3600");
            if (cell.AutoFailoverAfterSeconds is <= 0 or > 3600) problems.Add($"cell {cell.Id}: autoFailoverAfterSeconds must be more than 0 and at most 3600");
        }
        if (file.Cells.Count == 0) problems.Add("no cells");
        problems.AddRange(file.Cells.Where(c => !IsCellId(c.Id)).Select(c => $"cell id '{c.Id}' must be letters, digits or '-'"));
        problems.AddRange(BucketCoverage.Problems(rangesByCell));
        problems.AddRange(NodeProblems(file));
        var routingJournal = Topology.DefaultRoutingJournal(dataDirectory);
        if (file.Routing is { } routing && Journal("routing", routing.Journal, dataDirectory, out routingJournal) is { } routingProblem) problems.Add(routingProblem);
        if (problems.Count > 0) throw new TopologyException(path, problems);
        return new Topology(file.Sites, cells, file.Nodes ?? [], routingJournal!);
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static IEnumerable<string> NodeProblems(TopologyFile file)
    {
        if (file.Nodes is not { Count: > 0 } nodes) yield break;
        foreach (var name in nodes.GroupBy(n => n.Name).Where(g => g.Count() > 1).Select(g => g.Key))
            yield return $"node {name} appears more than once";
        foreach (var node in nodes)
        {
            foreach (var cell in node.HostedCells.Where(c => file.Cells.All(known => known.Id != c)))
                yield return $"node {node.Name}: unknown cell '{cell}'";
            if (node.RemotingPort is < 1 or > 65535 || node.HttpPort is < 1 or > 65535)
                yield return $"node {node.Name}: ports must be 1..65535";
            if (!NodeColors.TryParse(node.Color ?? "blue", out _)) yield return $"node {node.Name}: color must be blue or green";
            if (node.Site is { } site && !file.Sites.Contains(site)) yield return $"node {node.Name}: unknown site '{site}' (sites: {string.Join(", ", file.Sites)})";
        }
        foreach (var cell in file.Cells.Where(c => nodes.All(n => !n.HostedCells.Contains(c.Id))))
            yield return $"cell {cell.Id} is hosted by no node";
        if (!nodes.Any(n => n.Router)) yield return "no node is a router";
        var quorum = nodes.Where(n => n.Quorum).ToList();
        if (quorum.Count > 0 && (quorum.Count < 3 || quorum.Count % 2 == 0))
            yield return $"quorum nodes must be three or more and odd, so a split always leaves one side the majority (now {quorum.Count})";
        string? ActiveSiteOf(string cell) => file.Cells.FirstOrDefault(c => c.Id == cell)?.Site;
        if (quorum.Count > 0 && quorum.GroupBy(n => n.SiteIn(file.Sites, ActiveSiteOf)).Any(site => site.Count() * 2 >= quorum.Count))
            yield return "no one site may hold half the quorum nodes or more: its loss would leave the others without a majority";
    }

    private static bool IsCellId(string id) => id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <param name="owner">What the journal belongs to, as problems name it.</param>
    private static string? Journal(string owner, JournalEntry entry, string dataDirectory, out JournalOptions? journal)
    {
        journal = null;
        switch (entry.Provider)
        {
            case "sqlite" when !string.IsNullOrWhiteSpace(entry.Path):
                journal = JournalOptions.SqliteFile(Path.Combine(dataDirectory, entry.Path));
                return null;
            case "postgres" or "sqlserver" when !string.IsNullOrWhiteSpace(entry.ConnectionString):
                journal = new JournalOptions(entry.Provider == "postgres" ? JournalProvider.Postgres : JournalProvider.SqlServer, entry.ConnectionString);
                return null;
            case "sqlite":
                return $"{owner}: a sqlite journal needs a path";
            case "postgres" or "sqlserver":
                return $"{owner}: a {entry.Provider} journal needs a connectionString";
            default:
                return $"{owner}: unknown journal provider '{entry.Provider}' (sqlite, postgres, sqlserver)";
        }
    }
}
