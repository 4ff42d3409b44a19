using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AkkaPay.Domain;
using Microsoft.AspNetCore.Http;

namespace AkkaPay.Api.Http;

/// <summary>Reads a request body with the strict options of ApiJsonContext: any doubt is a validation error, never a guess.</summary>
public static class StrictJson
{
    public const int BodyBytesMax = 64 * 1024;

    /// <summary>A body that does not say it is JSON: refused unread (a browser may send text/plain cross-site without asking).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    public static async Task<(T? Value, Rejection? Refused)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, new Rejection(UnsupportedMediaType, $"the body must be application/json, not '{request.ContentType}'"));
        if (request.ContentLength > BodyBytesMax) return (null, Invalid($"body larger than {BodyBytesMax} bytes"));
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted);
            return value is null ? (null, Invalid("body must be a JSON object")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Invalid(Describe(e)));
        }
    }

    private static Rejection Invalid(string detail) => new(RejectionCodes.ValidationError, detail);

    private static string Describe(JsonException e)
    {
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        return e.Message.Contains("missing required properties", StringComparison.Ordinal) ||
               e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? e.Message.Split(" Path:")[0]
            : $"malformed JSON or a field of the wrong type{where}";
    }
}
