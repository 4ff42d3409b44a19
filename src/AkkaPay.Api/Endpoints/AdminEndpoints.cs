using System.Security.Cryptography;
using System.Text;
using AkkaPay.Api.Contracts;
using AkkaPay.Api.Http;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Audit;
using AkkaPay.Domain;
using AkkaPay.Domain.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaPay.Api.Endpoints;

/// <summary>The management API: operators only, refused (401) without the node's operator token.</summary>
public static class AdminEndpoints
{
    public const string Unauthorized = "unauthorized";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            HasOperatorToken(context.HttpContext) ? await next(context) : Refuse(context.HttpContext));
        admin.MapGet("/cluster", (ClusterInspector inspector) => Results.Json(inspector.Cluster(), ApiJsonContext.Default.ClusterResponse));
        var routed = admin.MapGroup("").RequireRoutingTable();
        routed.MapGet("/ledger/audit", Audit);
        routed.MapGet("/cells", (ClusterInspector inspector) => Results.Json(inspector.Cells(), ApiJsonContext.Default.CellsResponse));
        routed.MapGet("/cells/{cell}", Cell);
        routed.MapGet("/sites", (ClusterInspector inspector) => Results.Json(inspector.Sites(), ApiJsonContext.Default.SitesResponse));
        routed.MapPost("/accounts/{accountId}/hot", MakeHot);
        routed.MapAccountReads("/accounts", AccountsShown.All);
        routed.MapGet("/cells/{cell}/shards", Shards);
        routed.MapTrafficEndpoints();
        return routes;
    }

    private static async Task<IResult> MakeHot(HttpContext http, CellGateway gateway, string accountId)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.MakeHotRequest);
        if (body is null) return Problems.From(http, unread!);
        var invalid = Fields.First(Fields.CustomerAccount("accountId", accountId, out var id), Fields.SubAccounts(body.SubAccounts));
        if (invalid is not null) return Problems.Validation(http, invalid);
        return await gateway.AskAccount(new MakeHot(id, body.SubAccounts, TraceContext.TraceIdOf(http)), http.RequestAborted) switch
        {
            AccountView view => Results.Json(AccountEndpoints.Response(gateway, view), ApiJsonContext.Default.AccountResponse),
            AccountRefused refused => Problems.From(http, refused.Why),
            _ => Problems.From(http, CellGateway.Unavailable),
        };
    }

    private static async Task<IResult> Cell(HttpContext http, ClusterInspector inspector, CellGateway gateway, string cell)
    {
        if (inspector.UnknownCell(cell) is { } unknown) return Problems.From(http, unknown);
        // a cell nobody can reach is shown with its routing and members only (that is when an operator looks),
        // without waiting for its shard statistics; its audit already answers null at once
        var shards = gateway.IsReachable(cell) ? await inspector.Shards(cell, http.RequestAborted) : null;
        var audit = await gateway.Audit(cell, http.RequestAborted);
        return Results.Json(inspector.Cell(cell, shards, audit is null ? null : AuditResponse(audit)), ApiJsonContext.Default.CellDetailResponse);
    }

    private static async Task<IResult> Shards(HttpContext http, ClusterInspector inspector, string cell)
    {
        if (inspector.UnknownCell(cell) is { } unknown) return Problems.From(http, unknown);
        return await inspector.Shards(cell, http.RequestAborted) is { } shards
            ? Results.Json(shards, ApiJsonContext.Default.ShardsResponse)
            : Problems.From(http, CellGateway.Unavailable);
    }

    private static async Task<IResult> Audit(HttpContext http, CellGateway cells)
    {
        var audits = await cells.AuditAll(http.RequestAborted);
        var answered = audits.Where(a => a.Audit is not null).Select(a => a.Audit!).ToList();
        var total = answered.Aggregate(Int128.Zero, (sum, audit) => sum + audit.Sum);
        var response = new LedgerAuditResponse(
            total,
            answered.Aggregate(Int128.Zero, (sum, audit) => sum + audit.InTransit),
            Balanced: total == 0 && answered.All(a => a.CustomersBelowZero.Count == 0) && answered.Count == audits.Count,
            answered.Sum(audit => audit.PendingPayments ?? 0),
            answered.Select(AuditResponse).ToList(),
            audits.Where(a => a.Audit is null).Select(a => a.Cell).ToList());
        return Results.Json(response, ApiJsonContext.Default.LedgerAuditResponse);
    }

    private static CellAuditResponse AuditResponse(CellAudit audit) =>
        new(audit.CellId, audit.Sum, audit.InTransit, audit.Accounts, audit.CustomersBelowZero, audit.PendingPayments);

    private static bool HasOperatorToken(HttpContext http)
    {
        var expected = http.RequestServices.GetRequiredService<ApiOptions>().AdminToken;
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..]), Encoding.UTF8.GetBytes(expected));
    }

    private static IResult Refuse(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.From(http, new Rejection(Unauthorized, "the management API needs the operator token: Authorization: Bearer <token>"));
    }
}
