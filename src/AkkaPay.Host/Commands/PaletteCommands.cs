using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using AkkaPay.Api.Contracts;
using Spectre.Console;

namespace AkkaPay.Host.Commands;

/// <summary>The read-only palette: cluster show, site show, cell list, cell show, shards show (traffic: <see cref="TrafficCommands"/>).</summary>
public static class PaletteCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return new Command("cluster", "the cluster's members") { Read("show", "members, their status, roles, color and build version", _ => "/admin/cluster", ApiJsonContext.Default.ClusterResponse, RenderCluster) };
        yield return new Command("site", "the sites") { Read("show", "sites, their nodes and reachability, the cells active in each", _ => "/admin/sites", ApiJsonContext.Default.SitesResponse, RenderSites) };
        var cell = new Argument<string>("cell") { Description = "cell id, e.g. c0" };
        string CellPath(ParseResult parsed) => $"/admin/cells/{Uri.EscapeDataString(parsed.GetValue(cell)!)}";

        var show = Read("show", "one cell: routing, nodes, shards and ledger", CellPath, ApiJsonContext.Default.CellDetailResponse, RenderCell);
        show.Arguments.Add(cell);
        yield return new Command("cell", "the cells") { Read("list", "cells, their bucket ranges, sites and nodes", _ => "/admin/cells", ApiJsonContext.Default.CellsResponse, RenderCells), show };

        var shards = Read("show", "where a cell's shards run", parsed => $"{CellPath(parsed)}/shards", ApiJsonContext.Default.ShardsResponse, RenderShards);
        shards.Arguments.Add(cell);
        yield return new Command("shards", "shard placement") { shards };
    }

    private static Command Read<T>(string name, string description, Func<ParseResult, string> path, JsonTypeInfo<T> type, Action<T> render)
    {
        var command = new Command(name, description);
        OperatorClient.AddTo(command);
        command.SetAction(async (parsed, cancel) => OperatorClient.Show(parsed, await OperatorClient.Get(parsed, path(parsed), cancel), type, render));
        return command;
    }

    private static void RenderCluster(ClusterResponse cluster) => RenderMembers(cluster.Members, cluster.Leader);

    private static void RenderMembers(IEnumerable<MemberResponse> members, string? leader)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("member", "status", "reachable", "color", "version", "roles");
        foreach (var member in members)
            table.AddRow(member.Address + (member.Address == leader ? " (leader)" : ""), member.Status, member.Reachable ? "yes" : "[red]no[/]",
                member.Color, member.AppVersion, string.Join(", ", member.Roles));
        AnsiConsole.Write(table);
    }

    private static void RenderSites(SitesResponse sites)
    {
        foreach (var site in sites.Sites)
        {
            AnsiConsole.MarkupLine($"site [bold]{site.Site}[/]: {(site.Live ? "live" : "[red]no live node[/]")}, active cells: {(site.ActiveCells.Count == 0 ? "none" : string.Join(", ", site.ActiveCells))}");
            RenderMembers(site.Nodes, leader: null);
        }
        AnsiConsole.MarkupLine($"routing table version {sites.RoutingVersion}");
    }

    private static void RenderCells(CellsResponse cells)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("cell", "buckets", "site", "nodes");
        foreach (var cell in cells.Cells)
            table.AddRow(cell.Cell, string.Join(",", cell.Buckets), cell.Site, cell.Nodes.Count == 0 ? "[red]none[/]" : string.Join(", ", cell.Nodes));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"routing table version {cells.RoutingVersion}");
    }

    private static void RenderCell(CellDetailResponse cell)
    {
        AnsiConsole.MarkupLine($"cell [bold]{cell.Cell}[/]: buckets {string.Join(",", cell.Buckets)}, site {cell.Site}, routing table version {cell.RoutingVersion}");
        RenderMembers(cell.Nodes, leader: null);
        if (cell.Shards is null) AnsiConsole.MarkupLine("[red]shards: the cell does not answer[/]");
        else RenderShards(new ShardsResponse(cell.Cell, cell.Shards));
        AnsiConsole.MarkupLine(cell.Ledger is { } ledger
            ? $"ledger: {ledger.Accounts} accounts, Σ {ledger.Sum}, in transit {ledger.InTransit}, payments pending {ledger.PendingPayments?.ToString() ?? "not listed"}, customers below zero: {(ledger.CustomersBelowZero.Count == 0 ? "none" : string.Join(", ", ledger.CustomersBelowZero))}"
            : "[red]ledger: the cell does not answer[/]");
    }

    private static void RenderShards(ShardsResponse shards)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("region", "node", "color", "shards", "entities");
        foreach (var region in shards.Regions)
            table.AddRow($"{region.Region}-{shards.Cell}", region.Node, region.Color, region.Shards.ToString(), region.Entities.ToString());
        AnsiConsole.Write(table);
    }
}
