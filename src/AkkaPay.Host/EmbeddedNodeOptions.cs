using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Routing;
using AkkaPay.Host.Topology;

namespace AkkaPay.Host;

/// <summary>
/// One AkkaPay process. `akkapay up`: the unit router and every cell of the routing table, joining itself.
/// `akkapay node`: the cells one topology node hosts (proxies for the others), joining through the seed nodes.
/// </summary>
/// <param name="Routing">The routing table of the topology: version 1 the first time the cluster starts, the cluster's own after that.</param>
/// <param name="RoutingJournal">Where router nodes journal the routing table.</param>
public sealed record EmbeddedNodeOptions(int HttpPort, RoutingTable Routing, JournalOptions RoutingJournal, IReadOnlyList<CellOptions> Cells)
{
    public const string DefaultCell = "c0";
    public const string DefaultSite = "site-a";

    public int RemotingPort { get; init; }

    /// <summary>Akka addresses of the seed nodes; none means this node forms a cluster of its own.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary>The topology's sites.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [DefaultSite];

    /// <summary>The cells the routing-table keeper fails over by itself (topology: autoFailoverAfterSeconds), each with how long its active site may have no live node.</summary>
    public IReadOnlyDictionary<string, TimeSpan> AutomaticFailoverAfter { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>True when the split-brain resolver counts only the topology's quorum nodes (those with <see cref="CellNames.QuorumRole"/>).</summary>
    public bool QuorumByRole { get; init; }

    /// <summary>Node roles besides its cells' roles.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [CellNames.RouterRole, DefaultSite, CellNames.ColorRole(NodeColor.Blue)];

    /// <summary>The operator token of the management API; a fresh random one unless given.</summary>
    public string AdminToken { get; init; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>True when nobody chose the token, so start-up prints it for the operator.</summary>
    public bool AdminTokenGenerated { get; init; } = true;

    public const int DefaultCellCount = 4;

    /// <summary>The embedded default (as cells/local.json): four cells of 25 buckets, each a SQLite file under the data directory.</summary>
    public static EmbeddedNodeOptions Default(int httpPort, string dataDirectory)
    {
        var cells = Enumerable.Range(0, DefaultCellCount).Select(i => $"c{i}").ToList();
        var width = Domain.Accounts.Bucket.Count / DefaultCellCount;
        var routing = RoutingTable.Create(
            cells.Select((cell, i) => (cell, i)).ToDictionary(c => c.cell, c => (IReadOnlyList<BucketRange>)[new BucketRange(c.i * width, c.i * width + width - 1)]),
            cells.ToDictionary(cell => cell, _ => DefaultSite));
        return new EmbeddedNodeOptions(httpPort, routing, Topology.Topology.DefaultRoutingJournal(dataDirectory),
            cells.Select(cell => new CellOptions(cell, JournalOptions.SqliteFile(Path.Combine(dataDirectory, $"cell-{cell}.db")))).ToList());
    }

    /// <summary>One cell owning every bucket, on the database given (which also keeps the routing table, in tables of its own).</summary>
    public static EmbeddedNodeOptions SingleCell(int httpPort, JournalOptions journal) =>
        new(httpPort, RoutingTable.SingleCell(DefaultCell, DefaultSite), journal, [new CellOptions(DefaultCell, journal)]);

    /// <summary>
    /// Every cell of a topology, each with its own journal; the one process stands in every site of the topology and
    /// reaches each cell's journal as the cell's active site in the file does.
    /// </summary>
    public static EmbeddedNodeOptions From(int httpPort, Topology.Topology topology) =>
        new(httpPort, topology.Routing(), topology.RoutingJournal, topology.Cells.Select(cell => cell.Options(cell.Site)).ToList())
        {
            Sites = topology.Sites,
            AutomaticFailoverAfter = topology.AutomaticFailoverAfter,
            Roles = [CellNames.RouterRole, .. topology.Sites, CellNames.ColorRole(NodeColor.Blue)],
        };
}
