using AkkaPay.Api.Contracts;
using AkkaPay.Domain;
using AkkaPay.Domain.Routing;
using Microsoft.AspNetCore.Http;

namespace AkkaPay.Api.Http;

/// <summary>Turns a rejection into an RFC 7807 answer; the HTTP status follows from the stable code.</summary>
public static class Problems
{
    public static int StatusFor(string code) => code switch
    {
        RejectionCodes.ValidationError => StatusCodes.Status400BadRequest,
        RejectionCodes.AccountNotFound or RejectionCodes.PaymentNotFound or OperatorChange.CellNotFound or CellFailover.SiteNotFound => StatusCodes.Status404NotFound,
        RejectionCodes.AccountExists or RejectionCodes.IdempotencyKeyReused
            or OperatorChange.StaleVersion or TrafficShift.ColorNotLive or TrafficShift.ShiftInProgress
            or CellFailover.AlreadyActive or CellFailover.SiteNotLive or CellFailover.ActiveSiteHealthy or CellFailover.JournalBehind => StatusCodes.Status409Conflict,
        RejectionCodes.CellUnavailable => StatusCodes.Status503ServiceUnavailable,
        Endpoints.AdminEndpoints.Unauthorized => StatusCodes.Status401Unauthorized,
        StrictJson.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static IResult From(HttpContext context, Rejection why, string? paymentId = null)
    {
        var status = StatusFor(why.Code);
        if (why.Code == RejectionCodes.CellUnavailable) context.Response.Headers.RetryAfter = "1";
        var problem = new Problem($"https://akkapay.dev/problems/{why.Code}", Title(why.Code), status, why.Detail, why.Code, TraceContext.TraceIdOf(context), paymentId);
        return Results.Json(problem, ApiJsonContext.Default.Problem, "application/problem+json", status);
    }

    public static IResult Validation(HttpContext context, string detail) =>
        From(context, new Rejection(RejectionCodes.ValidationError, detail));

    public static Task WriteRoutingMiss(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var code = status == StatusCodes.Status405MethodNotAllowed ? "method_not_allowed" : "route_not_found";
        var problem = new Problem($"https://akkapay.dev/problems/{code}", Title(code), status,
            $"no {context.Request.Method} {context.Request.Path} here", code, TraceContext.TraceIdOf(context));
        return context.Response.WriteAsJsonAsync(problem, ApiJsonContext.Default.Problem, "application/problem+json");
    }

    private static string Title(string code) => char.ToUpperInvariant(code[0]) + code[1..].Replace('_', ' ');
}
