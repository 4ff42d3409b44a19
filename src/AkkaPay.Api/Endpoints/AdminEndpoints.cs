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

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            HasOperatorToken(context.HttpContext) ? await next(context) : Refuse(context.HttpContext));
        admin.MapGet("/ledger/audit", Audit);
        return routes;
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
