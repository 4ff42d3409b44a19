using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Routing;
using AkkaPay.Host.Topology;

namespace AkkaPay.Host.Tests;

public class TopologyLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("akkapay-topology-").FullName;

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Cell(string id, string buckets, string site = "site-a", string journal = "{\"provider\":\"sqlite\",\"path\":\"x.db\"}") =>
        $"{{\"id\":\"{id}\",\"buckets\":[{buckets}],\"site\":\"{site}\",\"journal\":{journal}}}";

    private static string Topology(params string[] cells) => $"{{\"sites\":[\"site-a\",\"site-b\"],\"cells\":[{string.Join(",", cells)}]}}";

    [Fact]
    public void The_checked_in_topologies_load()
    {
        var root = FindRepositoryRoot();
        var local = TopologyLoader.Load(Path.Combine(root, "cells", "local.json"), _folder);
        var postgres = TopologyLoader.Load(Path.Combine(root, "cells", "local-pg.json"), _folder);
        Assert.Equal(4, local.Cells.Count);
        Assert.All(local.Cells, cell => Assert.Equal(JournalProvider.Sqlite, cell.Journal.Provider));
        Assert.Equal(4, postgres.Cells.Select(c => c.Journal.ConnectionString).Distinct().Count());
        Assert.All(postgres.Cells, cell => Assert.Equal(JournalProvider.Postgres, cell.Journal.Provider));
        Assert.Equal(JournalProvider.Sqlite, local.RoutingJournal.Provider);
        Assert.Equal(postgres.Cells[0].Journal.ConnectionString.Replace("Minimum Pool Size=10;Maximum Pool Size=20;Max Auto Prepare=20;Auto Prepare Min Usages=2;No Reset On Close=true", "Maximum Pool Size=4"), postgres.RoutingJournal.ConnectionString);
    }

    [Fact]
    public void The_routing_journal_is_a_sqlite_file_in_the_data_directory_unless_named()
    {
        var withoutRouting = TopologyLoader.Load(Write(Topology(Cell("c0", "\"00-99\""))), _folder);
        Assert.Equal(Path.Combine(_folder, "routing.db"), new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(withoutRouting.RoutingJournal.ConnectionString).DataSource);

        var badRouting = Topology(Cell("c0", "\"00-99\"")).TrimEnd('}') + ",\"routing\":{\"journal\":{\"provider\":\"postgres\"}}}";
        Assert.Contains("routing: a postgres journal needs a connectionString",
            Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(badRouting), _folder)).Message);
    }

    [Fact]
    public void Akkapay_up_without_a_topology_runs_exactly_cells_local_json()
    {
        var local = TopologyLoader.Load(Path.Combine(FindRepositoryRoot(), "cells", "local.json"), _folder);
        var builtIn = EmbeddedNodeOptions.Default(8080, _folder);
        Assert.Equal(local.Routing().CellByBucket.ToArray(), builtIn.Routing.CellByBucket.ToArray());
        Assert.Equal(local.Routing().SiteByCell.OrderBy(p => p.Key), builtIn.Routing.SiteByCell.OrderBy(p => p.Key));
        Assert.Equal(local.Cells.Select(c => (c.Id, c.Journal)), builtIn.Cells.Select(c => (c.CellId, c.Journal)));
    }

    [Theory]
    [InlineData("{\"sites\":[\"site-a\"],", "not valid topology JSON")]
    [InlineData("{\"sites\":[\"site-a\"],\"cells\":[],\"color\":1}", "not valid topology JSON")]
    [InlineData("{\"sites\":[\"site-a\"],\"cells\":[]}", "no cells")]
    public void Invalid_files_are_refused_with_the_reason(string json, string reason) =>
        Assert.Contains(reason, Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(json), _folder)).Message);

    [Fact]
    public void A_missing_bucket_is_refused_and_named() =>
        Assert.Contains("no cell owns bucket(s) 99",
            Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(Topology(Cell("c0", "\"00-98\""))), _folder)).Message);

    [Fact]
    public void A_bucket_given_to_two_cells_is_refused_and_named() =>
        Assert.Contains("bucket 50 is owned by more than one cell: c0, c1",
            Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(Topology(Cell("c0", "\"00-50\""), Cell("c1", "\"50-99\""))), _folder)).Message);

    [Theory]
    [InlineData("site-z", "{\"provider\":\"sqlite\",\"path\":\"x.db\"}", "unknown site 'site-z'")]
    [InlineData("site-a", "{\"provider\":\"oracle\",\"path\":\"x.db\"}", "unknown journal provider 'oracle'")]
    [InlineData("site-a", "{\"provider\":\"postgres\"}", "a postgres journal needs a connectionString")]
    [InlineData("site-a", "{\"provider\":\"sqlite\"}", "a sqlite journal needs a path")]
    public void A_cell_with_an_unknown_site_or_a_bad_journal_is_refused(string site, string journal, string reason) =>
        Assert.Contains(reason,
            Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(Topology(Cell("c0", "\"00-99\"", site, journal))), _folder)).Message);

    [Fact]
    public void A_cell_may_set_its_sweep_interval_within_bounds()
    {
        var tenth = Cell("c0", "\"00-99\"")[..^1] + ",\"sweepIntervalSeconds\":0.1}";
        Assert.Equal(TimeSpan.FromMilliseconds(100), TopologyLoader.Load(Write(Topology(tenth)), _folder).Cells[0].Options("site-a").SweepInterval);
        var zero = Cell("c0", "\"00-99\"")[..^1] + ",\"sweepIntervalSeconds\":0}";
        Assert.Contains("sweepIntervalSeconds must be more than 0",
            Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(Topology(zero)), _folder)).Message);
    }

    [Fact]
    public void A_cell_may_turn_on_automatic_failover_within_bounds()
    {
        var automatic = Cell("c0", "\"00-99\"")[..^1] + ",\"autoFailoverAfterSeconds\":5}";
        Assert.Equal(TimeSpan.FromSeconds(5), TopologyLoader.Load(Write(Topology(automatic)), _folder).AutomaticFailoverAfter["c0"]);
        Assert.Empty(TopologyLoader.Load(Write(Topology(Cell("c0", "\"00-99\""))), _folder).AutomaticFailoverAfter);
        var never = Cell("c0", "\"00-99\"")[..^1] + ",\"autoFailoverAfterSeconds\":-1}";
        Assert.Contains("autoFailoverAfterSeconds must be more than 0",
            Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(Topology(never)), _folder)).Message);
    }

    [Fact]
    public void A_repeated_cell_id_and_a_bad_range_are_refused()
    {
        var message = Assert.Throws<TopologyException>(() =>
            TopologyLoader.Load(Write(Topology(Cell("c0", "\"00-49\""), Cell("c0", "\"50-9x\""))), _folder)).Message;
        Assert.Contains("cell id c0 appears more than once", message);
        Assert.Contains("'50-9x' is not a bucket range", message);
    }

    [Fact]
    public void A_node_names_its_site_and_an_unknown_one_is_refused()
    {
        string WithNode(string site) => Topology(Cell("c0", "\"00-99\""))[..^1] +
            $$""","nodes":[{"name":"r","remotingPort":4053,"httpPort":8080,"router":true,"cells":["c0"],"site":"{{site}}"}]}""";
        var file = WithNode("site-a");
        Assert.Equal("site-a", TopologyLoader.Load(Write(file), _folder).Nodes[0].Site);
        Assert.Contains("node r: unknown site 'site-z'", Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(WithNode("site-z")), _folder)).Message);
    }

    [Theory]
    [InlineData("\"site-a\",\"site-b\",\"site-w\"", null)]
    [InlineData("\"site-a\",\"site-b\"", "quorum nodes must be three or more and odd")]
    [InlineData("\"site-a\",\"site-a\",\"site-w\"", "no one site may hold half the quorum nodes or more")]
    public void Quorum_nodes_are_odd_and_no_site_holds_half_of_them(string quorumSites, string? problem)
    {
        var nodes = string.Join(",", quorumSites.Split(',').Select((site, i) =>
            $$"""{"name":"q{{i}}","remotingPort":{{4060 + i}},"httpPort":{{8090 + i}},"router":true,"cells":["c0"],"site":{{site}},"quorum":true}"""));
        var cell = Cell("c0", "\"00-99\"");
        var json = $$"""{"sites":["site-a","site-b","site-w"],"cells":[{{cell}}],"nodes":[{{nodes}}]}""";
        if (problem is null) Assert.Equal(3, TopologyLoader.Load(Write(json), _folder).Nodes.Count(n => n.Quorum));
        else Assert.Contains(problem, Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(json), _folder)).Message);
    }

    [Fact]
    public void The_three_process_topology_names_a_router_and_a_node_per_cell()
    {
        var topology = TopologyLoader.Load(Path.Combine(FindRepositoryRoot(), "cells", "three-process.json"), _folder);
        Assert.Equal(["router", "cell-a", "cell-b"], topology.Nodes.Select(n => n.Name));
        Assert.Equal(3, topology.SeedNodes.Count);
        Assert.True(topology.Nodes[0].Router);
    }

    [Fact]
    public void The_blue_green_topology_gives_c0_a_node_of_each_color()
    {
        var topology = TopologyLoader.Load(Path.Combine(FindRepositoryRoot(), "cells", "blue-green.json"), _folder);
        Assert.Equal([("c0-blue", NodeColor.Blue), ("c0-green", NodeColor.Green)],
            topology.Nodes.Where(n => n.HostedCells.Contains("c0")).Select(n => (n.Name, n.NodeColor)));
    }

    [Fact]
    public void In_the_two_site_topology_each_site_reaches_a_cell_through_its_own_copy_of_the_journal()
    {
        var topology = TopologyLoader.Load(Path.Combine(FindRepositoryRoot(), "cells", "two-sites-pg.json"), _folder);
        var c0 = topology.Cells.Single(c => c.Id == "c0");
        string PortIn(string site) => new Npgsql.NpgsqlConnectionStringBuilder(c0.Options(site).Journal.ConnectionString).Port.ToString();
        Assert.Equal(("5433", "5434"), (PortIn("site-a"), PortIn("site-b")));
        Assert.Equal(["router-b", "c0-b", "c1-b"], topology.Nodes.Where(n => n.Site == "site-b").Select(n => n.Name));
        Assert.Equal(["router-a", "router-b", "witness"], topology.Nodes.Where(n => n.Quorum).Select(n => n.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), topology.AutomaticFailoverAfter["c0"]);
    }

    [Fact]
    public void A_journal_copy_for_an_unknown_site_or_without_its_connection_is_refused()
    {
        var cell = Cell("c0", "\"00-99\"")[..^1] + ",\"journalBySite\":{\"site-z\":{\"provider\":\"sqlite\",\"path\":\"z.db\"},\"site-b\":{\"provider\":\"postgres\"}}}";
        var message = Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(Topology(cell)), _folder)).Message;
        Assert.Contains("cell c0: journalBySite names unknown site 'site-z'", message);
        Assert.Contains("cell c0 in site-b: a postgres journal needs a connectionString", message);
    }

    [Fact]
    public void A_nodes_section_that_leaves_a_cell_unhosted_names_an_unknown_cell_or_has_no_router_is_refused()
    {
        var json = Topology(Cell("c0", "\"00-49\""), Cell("c1", "\"50-99\"")).TrimEnd('}') +
            ",\"nodes\":[{\"name\":\"a\",\"remotingPort\":4054,\"httpPort\":8081,\"cells\":[\"c0\",\"c7\"]}]}";
        var message = Assert.Throws<TopologyException>(() => TopologyLoader.Load(Write(json), _folder)).Message;
        Assert.Contains("cell c1 is hosted by no node", message);
        Assert.Contains("node a: unknown cell 'c7'", message);
        Assert.Contains("no node is a router", message);
    }

    private static string FindRepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AkkaPay.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("AkkaPay.sln not found above the test folder");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
