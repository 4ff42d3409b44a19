using System.Text.Json;
using System.Text.Json.Serialization;

namespace AkkaPay.Host.Topology;

// The shape of a topology file under cells/. See cells/README.md.

public sealed record TopologyFile
{
    public required IReadOnlyList<string> Sites { get; init; }
    public required IReadOnlyList<CellEntry> Cells { get; init; }
}

public sealed record CellEntry
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Buckets { get; init; }
    public required string Site { get; init; }
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
