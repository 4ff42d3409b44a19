using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AkkaPay.Api.Http;

/// <summary>
/// W3C trace context: the caller's trace id is kept when its <c>traceparent</c> is valid, a new one is made
/// otherwise; every answer carries it back as <c>traceparent</c> and <c>trace-id</c>.
/// </summary>
public sealed partial class TraceContext(RequestDelegate next, ILogger<TraceContext> logger)
{
    private const string ItemKey = "akkapay.trace-id";

    public static string TraceIdOf(HttpContext context) => (string)context.Items[ItemKey]!;

    public async Task InvokeAsync(HttpContext context)
    {
        var traceId = ParseTraceId(context.Request.Headers["traceparent"].ToString()) ?? ActivityTraceId.CreateRandom().ToHexString();
        context.Items[ItemKey] = traceId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
            context.Response.Headers["trace-id"] = traceId;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["TraceId"] = traceId }))
            await next(context);
    }

    public static string? ParseTraceId(string? traceparent)
    {
        if (string.IsNullOrEmpty(traceparent)) return null;
        var match = TraceParentPattern().Match(traceparent.Trim());
        if (!match.Success) return null;
        var traceId = match.Groups["trace"].Value;
        return traceId.All(c => c == '0') || match.Groups["span"].Value.All(c => c == '0') ? null : traceId;
    }

    [GeneratedRegex("^(?!ff)[0-9a-f]{2}-(?<trace>[0-9a-f]{32})-(?<span>[0-9a-f]{16})-[0-9a-f]{2}$")]
    private static partial Regex TraceParentPattern();
}
