using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AkkaPay.Api.Contracts;
using Spectre.Console;

namespace AkkaPay.Host.Commands;

/// <summary>`akkapay traffic show | shift | history`: where each cell's traffic runs, moving it between blue and green, and the table's changes.</summary>
public static class TrafficCommands
{
    public static Command Create()
    {
        var show = new Command("show", "each cell's site, the share of its shards on blue and green now, the table's target, shards still moving");
        OperatorClient.AddTo(show);
        show.SetAction(async (parsed, cancel) =>
            OperatorClient.Show(parsed, await OperatorClient.Get(parsed, "/admin/traffic", cancel), ApiJsonContext.Default.TrafficResponse, RenderTraffic));
        return new Command("traffic", "traffic per cell: blue-green shifts, failover to another site, their history") { show, Shift(), Failover(), History() };
    }

    private static Argument<string> CellArgument() => new("cell") { Description = "cell id, e.g. c0" };

    private static Option<string?> ReasonOption() => new("--reason") { Description = "the operator's note, kept in the history" };

    private static Command Shift()
    {
        var cell = CellArgument();
        var green = new Option<int>("--green") { Description = "green's share of the cell's shards, 0–100 (blue takes the rest)", Required = true };
        var reason = ReasonOption();
        var noWait = new Option<bool>("--no-wait") { Description = "return once the routing table changed, without waiting for the shards to move" };
        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the shards to move", DefaultValueFactory = _ => 120 };
        var command = new Command("shift", "move a cell's traffic between its blue and green nodes; waits until the nodes host what the table says") { cell, green, reason, noWait, timeout };
        OperatorClient.AddTo(command);
        command.SetAction(async (parsed, cancel) =>
        {
            var cellId = parsed.GetValue(cell)!;
            var json = parsed.GetValue(OperatorClient.Json);
            var shifter = new TrafficShifter(OperatorClient.From(parsed));
            var clock = Stopwatch.StartNew();
            if (await shifter.Request(cellId, parsed.GetValue(green), parsed.GetValue(reason), cancel) is not { } shifted) return ExitCodes.Refused;
            if (parsed.GetValue(noWait))
            {
                if (json) Console.WriteLine(JsonSerializer.Serialize(shifted, ApiJsonContext.Default.TrafficShiftResponse));
                else RenderShifted(shifted);
                return ExitCodes.Ok;
            }
            if (!json)
                AnsiConsole.MarkupLine($"routing table version {shifted.RoutingVersion}: {cellId} green {shifted.TargetGreenPercent} % (achieves {shifted.PlannedGreenPercent} % in whole shards); moving shards");
            if (await AwaitMoved(shifter, cellId, shifted.RoutingVersion, parsed.GetValue(timeout), json, clock,
                    now => $"{now.ShardsMoving} shard(s) moving, green {now.GreenPercent} % now", "on the wrong color", cancel) is not { } settled)
                return ExitCodes.TimedOut;
            if (json) Console.WriteLine(JsonSerializer.Serialize(settled, ApiJsonContext.Default.CellTrafficResponse));
            else AnsiConsole.MarkupLine($"[green]done[/] in {clock.Elapsed.TotalSeconds:0.0} s: {cellId} green {settled.GreenPercent} %, blue {settled.BluePercent} % of {settled.Shards} account shards"
                + (settled.Note is null ? "" : $" ({Markup.Escape(settled.Note)})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Failover()
    {
        var cell = CellArgument();
        var to = new Option<string>("--to") { Description = "the site to make the cell's active one", Required = true };
        var reason = ReasonOption();
        var force = new Option<bool>("--force") { Description = "fail over although the active site still has a live node of the cell" };
        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the cell's shards to leave the old site", DefaultValueFactory = _ => 120 };
        var command = new Command("failover", "make another site the cell's active one (raises its epoch, which fences the old site's journal writes); waits until the cell serves from there")
            { cell, to, reason, force, timeout };
        OperatorClient.AddTo(command);
        command.SetAction(async (parsed, cancel) =>
        {
            var cellId = parsed.GetValue(cell)!;
            var json = parsed.GetValue(OperatorClient.Json);
            var shifter = new TrafficShifter(OperatorClient.From(parsed));
            var clock = Stopwatch.StartNew();
            if (await shifter.RequestFailover(cellId, parsed.GetValue(to)!, parsed.GetValue(reason), parsed.GetValue(force), cancel) is not { } failedOver) return ExitCodes.Refused;
            if (!json)
                AnsiConsole.MarkupLine($"routing table version {failedOver.RoutingVersion}: {cellId} active in {failedOver.Site} (was {failedOver.FromSite}), epoch {failedOver.Epoch}; moving shards");
            if (await AwaitMoved(shifter, cellId, failedOver.RoutingVersion, parsed.GetValue(timeout), json, clock,
                    now => $"{now.ShardsMoving} shard(s) still on the old site or the wrong color", $"outside {failedOver.Site}", cancel) is null)
                return ExitCodes.TimedOut;
            if (json) Console.WriteLine(JsonSerializer.Serialize(failedOver, ApiJsonContext.Default.TrafficFailoverResponse));
            else AnsiConsole.MarkupLine($"[green]done[/] in {clock.Elapsed.TotalSeconds:0.0} s: {cellId} serves from {failedOver.Site}, epoch {failedOver.Epoch}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Waits until the nodes host what table <paramref name="version"/> says of the cell, printing progress unless the output is JSON.</summary>
    /// <param name="misplaced">Where shards still are while they move, as the time-out message says it.</param>
    /// <returns>The cell as it settled; null when it did not within the time-out (the reason is printed).</returns>
    private static async Task<CellTrafficResponse?> AwaitMoved(TrafficShifter shifter, string cell, long version, int timeoutSeconds, bool json, Stopwatch clock,
        Func<CellTrafficResponse, string> progress, string misplaced, CancellationToken cancel)
    {
        var settled = await shifter.AwaitSettled(cell, version, TimeSpan.FromSeconds(timeoutSeconds), now =>
        {
            if (!json) AnsiConsole.MarkupLine($"  {clock.Elapsed.TotalSeconds,5:0.0} s: {progress(now)}");
        }, cancel);
        if (settled is null) await Console.Error.WriteLineAsync($"timed out after {timeoutSeconds} s: cell {cell} still has shards {misplaced} (akkapay traffic show)");
        return settled;
    }

    private static Command History()
    {
        var cell = new Argument<string?>("cell") { Description = "only the versions that changed this cell", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("history", "the routing table's versions, newest first: when, why, old → new") { cell };
        OperatorClient.AddTo(command);
        command.SetAction(async (parsed, cancel) =>
        {
            var path = parsed.GetValue(cell) is { } only ? $"/admin/traffic/history?cell={Uri.EscapeDataString(only)}" : "/admin/traffic/history";
            return OperatorClient.Show(parsed, await OperatorClient.Get(parsed, path, cancel), ApiJsonContext.Default.TrafficHistoryResponse, RenderHistory);
        });
        return command;
    }

    private static void RenderTraffic(TrafficResponse traffic)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("cell", "site", "blue %", "green %", "account shards", "target green %", "moving", "live colors");
        foreach (var cell in traffic.Cells)
            table.AddRow(cell.Cell, cell.Site, cell.BluePercent.ToString(), cell.GreenPercent.ToString(), cell.Shards.ToString(),
                $"{cell.TargetGreenPercent} ({cell.PlannedGreenPercent})", cell.ShardsMoving == 0 ? "0" : $"[yellow]{cell.ShardsMoving}[/]",
                cell.LiveColors.Count == 0 ? "[red]none[/]" : string.Join(", ", cell.LiveColors));
        AnsiConsole.Write(table);
        foreach (var cell in traffic.Cells.Where(c => c.Note is not null)) AnsiConsole.MarkupLine($"[yellow]{cell.Cell}: {Markup.Escape(cell.Note!)}[/]");
        AnsiConsole.MarkupLine($"routing table version {traffic.RoutingVersion}; target green % in brackets: what it achieves in whole shards");
    }

    private static void RenderShifted(TrafficShiftResponse shifted) =>
        AnsiConsole.MarkupLine(shifted.Changed
            ? $"routing table version {shifted.RoutingVersion}: {shifted.Cell} green {shifted.TargetGreenPercent} % (achieves {shifted.PlannedGreenPercent} %); shards move now"
            : $"{shifted.Cell} is already at green {shifted.TargetGreenPercent} % (version {shifted.RoutingVersion}); nothing changed");

    private static void RenderHistory(TrafficHistoryResponse history)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("version", "at (UTC)", "changes", "reason");
        foreach (var version in history.Versions)
            table.AddRow(version.Version.ToString(), version.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"),
                version.Changes.Count == 0 ? "(from the topology)" : Markup.Escape(string.Join("; ", version.Changes.Select(c => $"{c.Cell} {c.What} {c.From} → {c.To}"))),
                Markup.Escape(version.Reason ?? ""));
        AnsiConsole.Write(table);
    }
}
