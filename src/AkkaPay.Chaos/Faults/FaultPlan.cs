namespace AkkaPay.Chaos.Faults;

public enum FaultKind
{
    /// <summary>SIGKILL every process of one cell, restart them after the hold.</summary>
    Kill,
    /// <summary>SIGSTOP one node of a cell, SIGCONT after the hold: alive and silent.</summary>
    Pause,
    /// <summary>Drop every packet between one node of a cell and the other nodes, restore them after the hold.</summary>
    Partition,
    /// <summary>Shift a cell's traffic to its other color (the operator's command).</summary>
    Shift,
    /// <summary>Fail a cell over to another of its sites (the operator's command, forced).</summary>
    Failover,
    /// <summary>SIGSTOP the PostgreSQL server a cell journals on, SIGCONT after the hold.</summary>
    DbStall,
}

public static class FaultKinds
{
    private static readonly IReadOnlyDictionary<string, FaultKind> ByName = new Dictionary<string, FaultKind>
    {
        ["kill"] = FaultKind.Kill,
        ["pause"] = FaultKind.Pause,
        ["partition"] = FaultKind.Partition,
        ["db-stall"] = FaultKind.DbStall,
        ["shift"] = FaultKind.Shift,
        ["failover"] = FaultKind.Failover,
    };

    /// <summary>The kind as `--faults` and the report name it: "kill", "db-stall".</summary>
    public static string Name(this FaultKind kind) => ByName.Single(entry => entry.Value == kind).Key;

    public static bool TryParse(string name, out FaultKind kind) => ByName.TryGetValue(name, out kind);

    public static string Every => string.Join(", ", ByName.Keys);
}

/// <summary>What faults can hit: the cells, and for each its nodes, colors and sites.</summary>
public sealed record FaultTargets(IReadOnlyList<CellTarget> Cells);

/// <param name="Nodes">Every process of the cell.</param>
/// <param name="HasBothColors">A blue and a green node in one site: its traffic can shift.</param>
/// <param name="Sites">The sites it has nodes in: with two, it can fail over.</param>
/// <param name="OnDatabaseServer">It journals on a database server of the run's own (PostgreSQL): its server can stall.</param>
public sealed record CellTarget(string Cell, IReadOnlyList<string> Nodes, bool HasBothColors, IReadOnlyList<string> Sites, bool OnDatabaseServer = false);

/// <summary>One fault of the plan: what, on what, after how long a quiet gap, held how long before it heals.</summary>
public sealed record PlannedFault(int Number, FaultKind Kind, string Cell, string? Node, TimeSpan Gap, TimeSpan Hold)
{
    public string Label => $"#{Number} {Kind.Name()} {Node ?? Cell}";
}

/// <summary>
/// The faults of a run, drawn from its seed: the same seed and targets give the same faults in the same order with
/// the same gaps and holds. They come in rounds: each round has every kind asked for as many times as it was
/// asked for (its weight), shuffled, so a short run still has each kind.
/// </summary>
public static class FaultPlan
{
    public static readonly TimeSpan GapMin = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan GapMax = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan HoldMin = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HoldMax = TimeSpan.FromSeconds(6);

    /// <summary>Kinds the targets cannot take (no cell with two colors to shift, with two sites to fail over, on a database server to stall).</summary>
    public static IReadOnlyList<FaultKind> Impossible(IEnumerable<FaultKind> kinds, FaultTargets targets) =>
        [.. kinds.Distinct().Where(kind => !targets.Cells.Any(cell => Fits(kind, cell)))];

    /// <summary>Every kind some cell of the targets can take, once each.</summary>
    public static IReadOnlyList<FaultKind> Possible(FaultTargets targets) =>
        [.. Enum.GetValues<FaultKind>().Where(kind => targets.Cells.Any(cell => Fits(kind, cell)))];

    /// <summary>An endless sequence of faults; the run takes as many as its time allows.</summary>
    public static IEnumerable<PlannedFault> Draw(int seed, IReadOnlyList<FaultKind> kinds, FaultTargets targets)
    {
        if (Impossible(kinds, targets) is { Count: > 0 } impossible)
            throw new ArgumentException($"no cell can take {string.Join(", ", impossible)}", nameof(kinds));
        var random = new Random(seed);
        var number = 0;
        while (true)
        {
            foreach (var kind in kinds.OrderBy(_ => random.Next()).ToList())
            {
                var cells = targets.Cells.Where(cell => Fits(kind, cell)).ToList();
                var cell = cells[random.Next(cells.Count)];
                var node = kind is FaultKind.Pause or FaultKind.Partition ? cell.Nodes[random.Next(cell.Nodes.Count)] : null;
                yield return new PlannedFault(++number, kind, cell.Cell, node, Between(random, GapMin, GapMax), Between(random, HoldMin, HoldMax));
            }
        }
    }

    private static bool Fits(FaultKind kind, CellTarget cell) => kind switch
    {
        FaultKind.Shift => cell.HasBothColors,
        FaultKind.Failover => cell.Sites.Count > 1,
        FaultKind.DbStall => cell.OnDatabaseServer,
        _ => cell.Nodes.Count > 0,
    };

    private static TimeSpan Between(Random random, TimeSpan least, TimeSpan most) =>
        least + TimeSpan.FromMilliseconds(random.Next((int)(most - least).TotalMilliseconds));

    /// <summary>"kill=4,pause,partition": each kind as many times as its weight (1 without one), in that order.</summary>
    public static IReadOnlyList<FaultKind> ParseKinds(string text)
    {
        var kinds = new List<FaultKind>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, weight) = part.Split('=', 2) is [var n, var w]
                ? (n.Trim(), int.TryParse(w, out var parsed) && parsed is >= 1 and <= 100 ? parsed : throw new FormatException($"the weight of fault '{n.Trim()}' must be 1 to 100, not '{w}'"))
                : (part, 1);
            if (!FaultKinds.TryParse(name, out var kind)) throw new FormatException($"unknown fault '{name}' (faults: {FaultKinds.Every})");
            kinds.AddRange(Enumerable.Repeat(kind, weight));
        }
        return kinds.Count > 0 ? kinds : throw new FormatException("--faults needs at least one fault");
    }
}
