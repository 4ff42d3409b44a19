using System.Security.Cryptography;
using System.Text;
using AkkaPay.Api.Contracts;
using AkkaPay.Api.Http;
using AkkaPay.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaPay.Api.Endpoints;

/// <summary>The management API: operators only, refused (401) without the node's operator token.</summary>
public static class AdminEndpoints
{
    public const string Unauthorized = "unauthorized";
    public const string CellNotFound = "cell_not_found";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            HasOperatorToken(context.HttpContext) ? await next(context) : Refuse(context.HttpContext));
        admin.MapGet("/ledger/audit", Audit);
        admin.MapGet("/cluster", (ClusterInspector inspector) => Results.Json(inspector.Cluster(), ApiJsonContext.Default.ClusterResponse));
        admin.MapGet("/cells", (ClusterInspector inspector) => Results.Json(inspector.Cells(), ApiJsonContext.Default.CellsResponse));
        admin.MapGet("/cells/{cell}/shards", Shards);
        admin.MapGet("/traffic", async (HttpContext http, ClusterInspector inspector) =>
            await inspector.Traffic(http.RequestAborted) is { } traffic
                ? Results.Json(traffic, ApiJsonContext.Default.TrafficResponse)
                : Problems.From(http, CellGateway.Unavailable));
        return routes;
    }

    private static async Task<IResult> Shards(HttpContext http, ClusterInspector inspector, string cell)
    {
        if (!inspector.IsCell(cell)) return Problems.From(http, new Rejection(CellNotFound, $"no cell '{cell}' in the routing table"));
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
            answered.Select(a => new CellAuditResponse(a.CellId, a.Sum, a.InTransit, a.Accounts, a.CustomersBelowZero)).ToList(),
            audits.Where(a => a.Audit is null).Select(a => a.Cell).ToList());
        return Results.Json(response, ApiJsonContext.Default.LedgerAuditResponse);
    }

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
