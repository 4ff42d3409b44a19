using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace AkkaPay.Api.Http;

/// <summary>Reads a request body with the strict options of ApiJsonContext: any doubt is a validation error, never a guess.</summary>
public static class StrictJson
{
    public const int BodyBytesMax = 64 * 1024;

    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo) where T : class
    {
        if (request.ContentLength > BodyBytesMax) return (null, $"body larger than {BodyBytesMax} bytes");
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted);
            return value is null ? (null, "body must be a JSON object") : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Describe(e));
        }
    }

    private static string Describe(JsonException e)
    {
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        return e.Message.Contains("missing required properties", StringComparison.Ordinal) ||
               e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? e.Message.Split(" Path:")[0]
            : $"malformed JSON or a field of the wrong type{where}";
    }
}
