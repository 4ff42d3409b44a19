using AkkaPay.Host.Chaos;

namespace AkkaPay.Chaos.Tests;

/// <summary>Where a chaos run's cells compute: each cell on a CPU of its own, in turn over the CPUs the run may use.</summary>
public class CellCpusTests
{
    private static readonly NodeLaunch Node = new("/usr/bin/dotnet", ["akkapay.dll", "node", "--node", "c0-blue"], "/tmp", null);

    [Fact]
    public void Cells_take_the_usable_cpus_in_turn()
    {
        var cpus = CellCpus.PerCell(["c0", "c1", "c2"], [2, 3]);

        Assert.Equal(("2", "3", "2"), (cpus.CpusOf(["c0"]), cpus.CpusOf(["c1"]), cpus.CpusOf(["c2"])));
        Assert.Equal("c0 on CPU 2, c1 on CPU 3, c2 on CPU 2", cpus.ToString());
    }

    [Fact]
    public void A_node_of_a_cell_starts_held_to_its_cpu_and_a_node_of_several_cells_to_theirs()
    {
        var cpus = CellCpus.PerCell(["c0", "c1"], [0, 1]);

        var placed = cpus.Place(["c0"], Node);
        Assert.Equal("taskset", placed.File);
        Assert.Equal(["--cpu-list", "0", "/usr/bin/dotnet", "akkapay.dll", "node", "--node", "c0-blue"], placed.Arguments);
        Assert.Equal("0,1", cpus.CpusOf(["c1", "c0"]));
    }

    [Fact]
    public void A_node_hosting_no_cell_and_every_node_of_a_shared_run_start_as_they_are()
    {
        Assert.Same(Node, CellCpus.PerCell(["c0"], [0, 1]).Place([], Node));
        Assert.Same(Node, CellCpus.Shared.Place(["c0"], Node));
        Assert.Equal("shared", CellCpus.Shared.ToString());
    }

    [Fact]
    public void The_usable_cpus_are_this_process_affinity() =>
        Assert.Equal(Environment.ProcessorCount, CellCpus.Usable().Count);
}
