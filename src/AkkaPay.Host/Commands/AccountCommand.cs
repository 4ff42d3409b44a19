using System.CommandLine;
using AkkaPay.Api.Contracts;
using AkkaPay.Domain.Accounts.Hot;
using Spectre.Console;

namespace AkkaPay.Host.Commands;

/// <summary>`akkapay account hot &lt;accountId&gt; --subs &lt;n&gt;`: spread an account's credits over n sub-accounts.</summary>
public static class AccountCommand
{
    public static Command Create()
    {
        var accountId = new Argument<string>("accountId") { Description = "the 16-digit account id" };
        var subs = new Option<int>("--subs") { Description = $"how many sub-accounts take its credits (1 to {HotSchedule.MaxSubAccounts})", Required = true };
        subs.Validators.Add(result =>
        {
            if (HotSchedule.Problem(result.GetValueOrDefault<int>()) is { } problem) result.AddError($"--subs: {problem}");
        });
        var hot = new Command("hot", "make an account hot, or change its number of sub-accounts (fewer: the others are drained into the main account)")
        {
            accountId, subs,
        };
        OperatorClient.AddTo(hot);
        hot.SetAction(async (parsed, cancel) => OperatorClient.Show(
            parsed,
            await OperatorClient.Post(parsed, $"/admin/accounts/{Uri.EscapeDataString(parsed.GetValue(accountId)!)}/hot",
                $$"""{"subAccounts":{{parsed.GetValue(subs)}}}""", cancel),
            ApiJsonContext.Default.AccountResponse, Render));
        return new Command("account", "accounts") { hot };
    }

    private static void Render(AccountResponse account)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("account", "cell", "type", "balance", "hot", "sub-accounts");
        table.AddRow(account.AccountId, account.Cell, account.Type, $"{account.Balance} {account.Currency}", account.Hot ? "yes" : "no", account.SubAccounts.ToString());
        AnsiConsole.Write(table);
    }
}
