using AkkaPay.Api.Contracts;
using AkkaPay.Api.Http;
using AkkaPay.Cell.Accounts;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AkkaPay.Api.Endpoints;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/accounts", Create);
        routes.MapAccountReads("/v1/accounts", AccountsShown.Customers);
        return routes;
    }

    /// <summary>
    /// Reads of one account and its entries under <paramref name="prefix"/>. The public API shows customers only:
    /// internal accounts (channel clearing, fee income, in transit) are the operators', read under /admin.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountReads(this IEndpointRouteBuilder routes, string prefix, AccountsShown shown)
    {
        routes.MapGet(prefix + "/{accountId}", (HttpContext http, CellGateway cell, string accountId) => Get(http, cell, accountId, shown));
        routes.MapGet(prefix + "/{accountId}/entries", (HttpContext http, CellGateway cell, ApiOptions options, string accountId) =>
            Entries(http, cell, options, accountId, shown));
        return routes;
    }

    private static async Task<IResult> Create(HttpContext http, CellGateway cell)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.CreateAccountRequest);
        if (body is null) return Problems.From(http, unread!);
        var invalid = Fields.First(
            Fields.CustomerAccount("accountId", body.AccountId, out var accountId),
            Wire.TryParseCustomerType(body.Type, out var type) ? null : "type must be personal or merchant",
            Fields.Currency(body.Currency, out var currency),
            Fields.Hot(body.Hot, body.SubAccounts, out var subAccounts));
        if (invalid is not null) return Problems.Validation(http, invalid);

        return await cell.AskAccount(new OpenAccount(accountId, type, currency, TraceContext.TraceIdOf(http), subAccounts), http.RequestAborted) switch
        {
            AccountView view => Results.Json(Response(cell, view), ApiJsonContext.Default.AccountResponse, statusCode: StatusCodes.Status201Created),
            AccountRefused refused => Problems.From(http, refused.Why),
            _ => Problems.From(http, CellGateway.Unavailable),
        };
    }

    private static Task<IResult> Get(HttpContext http, CellGateway cell, string accountId, AccountsShown shown) =>
        WithAccount(http, cell, accountId, shown, view => Task.FromResult(Results.Json(Response(cell, view), ApiJsonContext.Default.AccountResponse)));

    private static async Task<IResult> Entries(HttpContext http, CellGateway cell, ApiOptions options, string accountId, AccountsShown shown)
    {
        var limitText = http.Request.Query["limit"];
        var limit = options.EntriesLimitDefault;
        if (limitText.Count > 0 && (!int.TryParse(limitText.ToString(), out limit) || limit < 1 || limit > options.EntriesLimitMax))
            return Problems.Validation(http, $"limit must be an integer from 1 to {options.EntriesLimitMax}");

        return await WithAccount(http, cell, accountId, shown, async view =>
            await cell.AskAccount(new GetEntries(view.AccountId, limit), http.RequestAborted) switch
            {
                AccountEntries entries => Results.Json(
                    new EntriesResponse(entries.Entries.Select(e => new EntryResponse(e.PaymentId, e.Amount, e.BalanceAfter, e.At)).ToList()),
                    ApiJsonContext.Default.EntriesResponse),
                _ => Problems.From(http, CellGateway.Unavailable),
            });
    }

    /// <summary>Runs <paramref name="next"/> with the account when the id is well formed and the account exists and may be shown.</summary>
    private static async Task<IResult> WithAccount(HttpContext http, CellGateway cell, string accountIdText, AccountsShown shown, Func<AccountView, Task<IResult>> next)
    {
        if (!AccountId.TryParse(accountIdText, out var accountId))
            return Problems.Validation(http, $"account id must be {AccountId.Length} digits");
        // answered like an account that does not exist: the public API does not even say that it does
        if (accountId.IsInternal && shown == AccountsShown.Customers) return Problems.From(http, Rejection.AccountNotFound(accountId.Value));
        return await cell.AskAccount(new GetAccount(accountId), http.RequestAborted) switch
        {
            AccountView { Exists: true } view => await next(view),
            AccountView => Problems.From(http, Rejection.AccountNotFound(accountId.Value)),
            _ => Problems.From(http, CellGateway.Unavailable),
        };
    }

    /// <summary>
    /// Runs <paramref name="next"/> with the currency of an existing account: remembered by the router once seen,
    /// asked of the account's cell (its main account only, for a hot one) otherwise.
    /// </summary>
    public static async Task<IResult> WithCurrency(HttpContext http, CellGateway cell, AccountCurrencies currencies, AccountId account, Func<Currency, Task<IResult>> next)
    {
        if (currencies.Of(account) is { } known) return await next(known);
        return await cell.AskAccount(new GetAccount(account, WholeBalance: false), http.RequestAborted) switch
        {
            AccountView { Exists: true } view => await next(currencies.Remember(account, view.Currency)),
            AccountView => Problems.From(http, Rejection.AccountNotFound(account.Value)),
            _ => Problems.From(http, CellGateway.Unavailable),
        };
    }

    public static AccountResponse Response(CellGateway cell, AccountView view) =>
        new(view.AccountId.Value, cell.CellOf(view.AccountId), Wire.Of(view.Type), view.Currency.Code, view.Balance, Hot: view.SubAccounts > 0, view.SubAccounts);
}

/// <summary>Which accounts a read endpoint shows.</summary>
public enum AccountsShown
{
    Customers,
    /// <summary>Customers and internal accounts: operators only.</summary>
    All,
}
