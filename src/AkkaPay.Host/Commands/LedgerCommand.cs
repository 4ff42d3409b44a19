using System.CommandLine;
using AkkaPay.Api.Contracts;
using Spectre.Console;

namespace AkkaPay.Host.Commands;

/// <summary>`akkapay ledger audit`: Σ of every balance per cell and in total, money in transit, payments pending, customers below zero.</summary>
public static class LedgerCommand
{
    public static Command Create()
    {
        var audit = new Command("audit", "audit the ledger of every cell from its own journal (0 = balanced)");
        OperatorClient.AddTo(audit);
        audit.SetAction(async (parsed, cancel) => OperatorClient.Show(
            parsed, await OperatorClient.Get(parsed, "/admin/ledger/audit", cancel), ApiJsonContext.Default.LedgerAuditResponse, Render,
            report => report.Balanced ? ExitCodes.Ok : ExitCodes.LedgerNotClean));
        return new Command("ledger", "the ledger across cells") { audit };
    }

    private static void Render(LedgerAuditResponse report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("cell").AddColumn(new TableColumn("Σ balances").RightAligned()).AddColumn(new TableColumn("in transit").RightAligned())
            .AddColumn(new TableColumn("payments pending").RightAligned()).AddColumn(new TableColumn("accounts").RightAligned()).AddColumn("customers below zero");
        foreach (var cell in report.Cells)
            table.AddRow(cell.Cell, cell.Sum.ToString(), cell.InTransit.ToString(), cell.PendingPayments?.ToString() ?? "not listed", cell.Accounts.ToString(),
                cell.CustomersBelowZero.Count == 0 ? "none" : string.Join(", ", cell.CustomersBelowZero));
        foreach (var cell in report.UnavailableCells) table.AddRow(cell, "[red]no answer[/]", "", "", "", "");
        table.AddRow("[bold]total[/]", $"[bold]{report.Total}[/]", $"[bold]{report.InTransit}[/]", $"[bold]{report.PendingPayments}[/]", "", "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(report.Balanced ? "[green]balanced[/]: Σ = 0, no customer below zero" : "[red]NOT balanced[/]");
    }
}
