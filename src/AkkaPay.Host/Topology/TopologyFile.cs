using AkkaPay.Domain.Routing;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AkkaPay.Host.Topology;

// The shape of a topology file under cells/. See cells/README.md.

public sealed record TopologyFile
{
    public required IReadOnlyList<string> Sites { get; init; }
    public required IReadOnlyList<CellEntry> Cells { get; init; }

    /// <summary>Where the routing table's history is journaled (by the router nodes); a SQLite file routing.db in the data directory if absent.</summary>
    public RoutingEntry? Routing { get; init; }

    /// <summary>For a multi-process cluster: one entry per process. The first one is the first seed.</summary>
    public IReadOnlyList<NodeEntry>? Nodes { get; init; }
}

public sealed record NodeEntry
{
    public required string Name { get; init; }

    /// <summary>Akka remoting port on 127.0.0.1.</summary>
    public required int RemotingPort { get; init; }

    /// <summary>HTTP port on 127.0.0.1 (the API, health and management).</summary>
    public required int HttpPort { get; init; }

    /// <summary>True for unit routers.</summary>
    public bool Router { get; init; }

    /// <summary>The cells this process hosts (none for a router-only process).</summary>
    public IReadOnlyList<string>? Cells { get; init; }

    /// <summary>blue (default) or green.</summary>
    public string? Color { get; init; }

    /// <summary>
    /// True for the nodes whose majority the split-brain resolver counts; when no node is one, every node counts. For
    /// two sites: one node in each and a witness in a third site, so that either site's survivors keep the majority.
    /// </summary>
    public bool Quorum { get; init; }

    /// <summary>The site the process runs in; by default the active site of its cells (of the first), else the first site.</summary>
    public string? Site { get; init; }

    public IReadOnlyList<string> HostedCells => Cells ?? [];

    /// <summary>The node's site: its own <see cref="Site"/>, else the active site of its first cell, else the topology's first site.</summary>
    /// <param name="activeSiteOf">A cell's active site in the topology.</param>
    public string SiteIn(IReadOnlyList<string> sites, Func<string, string?> activeSiteOf) =>
        Site ?? (HostedCells.Count > 0 ? activeSiteOf(HostedCells[0]) : null) ?? sites[0];

    /// <summary>The node's color; a color the file names wrongly is refused by the loader before this is read.</summary>
    public NodeColor NodeColor => NodeColors.TryParse(Color ?? "blue", out var color) ? color : throw new InvalidOperationException($"node {Name}: color must be blue or green");
}

public sealed record CellEntry
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Buckets { get; init; }
    public required string Site { get; init; }
    public required JournalEntry Journal { get; init; }

    /// <summary>
    /// The journal as the nodes of other sites reach it, by site: their own copy of the cell's database (a
    /// PostgreSQL streaming standby). A site not named here uses <see cref="Journal"/>.
    /// </summary>
    public IReadOnlyDictionary<string, JournalEntry>? JournalBySite { get; init; }

    /// <summary>
    /// Automatic failover: when no node of the cell in its active site has been live for this long, the routing-table
    /// keeper fails the cell over to the first other site (in <see cref="TopologyFile.Sites"/> order) that has one.
    /// Absent: operators fail it over.
    /// </summary>
    public double? AutoFailoverAfterSeconds { get; init; }

    /// <summary>How often hot accounts sweep their sub-accounts into the main account (default 2 s).</summary>
    public double? SweepIntervalSeconds { get; init; }
}

public sealed record RoutingEntry
{
    public required JournalEntry Journal { get; init; }
}

public sealed record JournalEntry
{
    /// <summary>sqlite, postgres or sqlserver.</summary>
    public required string Provider { get; init; }

    /// <summary>For sqlite: the database file, relative to the data directory unless absolute.</summary>
    public string? Path { get; init; }

    /// <summary>For postgres and sqlserver.</summary>
    public string? ConnectionString { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(TopologyFile))]
internal sealed partial class TopologyJsonContext : JsonSerializerContext;
