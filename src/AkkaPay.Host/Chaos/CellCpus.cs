namespace AkkaPay.Host.Chaos;

/// <summary>
/// Where a chaos run's cells compute. In an LDC deployment every cell has machines of its own, so a cell whose
/// processes restart and compile their code does not take the CPU its neighbours serve with; on one machine each
/// cell's nodes are held to a CPU of their own instead (cell i of the topology on CPU i mod the CPUs this run may
/// use, by sched_setaffinity through taskset). The router, the witnesses, the run's own workload and the PostgreSQL
/// servers are not held: they use every CPU. A server held beside its cell's two nodes stalled its journal's writes
/// past their 10 s timeout while the cell started (docs/reliability.md).
/// </summary>
public sealed class CellCpus
{
    private readonly IReadOnlyDictionary<string, int> _cpuOfCell;

    private CellCpus(IReadOnlyDictionary<string, int> cpuOfCell) => _cpuOfCell = cpuOfCell;

    /// <summary>Every process on every CPU.</summary>
    public static CellCpus Shared { get; } = new(new Dictionary<string, int>());

    /// <param name="cpus">The CPUs the run may use, in order (this process's affinity).</param>
    public static CellCpus PerCell(IReadOnlyList<string> cells, IReadOnlyList<int> cpus) =>
        new(cells.Select((cell, i) => (cell, cpus[i % cpus.Count])).ToDictionary(c => c.cell, c => c.Item2));

    /// <summary>The CPUs this process may run on, from /proc (its affinity).</summary>
    public static IReadOnlyList<int> Usable() =>
        File.ReadLines("/proc/self/status").First(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            .Split(':')[1].Trim().Split(',').SelectMany(Range).ToList();

    public bool Placed => _cpuOfCell.Count > 0;

    /// <summary>The CPU list (taskset's form) of processes serving <paramref name="cells"/>; null when they are not held.</summary>
    public string? CpusOf(IEnumerable<string> cells)
    {
        var cpus = cells.Where(_cpuOfCell.ContainsKey).Select(cell => _cpuOfCell[cell]).Distinct().Order().ToList();
        return cpus.Count == 0 ? null : string.Join(',', cpus);
    }

    /// <summary>The launch of a node that hosts <paramref name="cells"/>, held to their CPUs (all its threads inherit it).</summary>
    public NodeLaunch Place(IEnumerable<string> cells, NodeLaunch launch) =>
        CpusOf(cells) is { } cpus ? launch with { File = "taskset", Arguments = ["--cpu-list", cpus, launch.File, .. launch.Arguments] } : launch;

    /// <summary>"c0 on CPU 0, c1 on CPU 1", or "shared" when no cell is held.</summary>
    public override string ToString() =>
        Placed ? string.Join(", ", _cpuOfCell.Select(c => $"{c.Key} on CPU {c.Value}")) : "shared";

    private static IEnumerable<int> Range(string part)
    {
        var bounds = part.Split('-').Select(int.Parse).ToArray();
        return Enumerable.Range(bounds[0], bounds[^1] - bounds[0] + 1);
    }
}
