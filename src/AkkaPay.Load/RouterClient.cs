using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AkkaPay.Load;

/// <summary>An answer of a router: its status and its JSON body (an RFC 7807 problem when it is an error).</summary>
public readonly record struct Answer(int Status, JsonElement Body)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The problem's stable code, or "http_NNN" when the body has none; "no_answer" when the request failed.</summary>
    public string? ErrorCode => Ok ? null
        : Status == 0 ? "no_answer"
        : Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : $"http_{Status}";

    public static readonly Answer None = new(0, default);
}

/// <summary>HTTP to one or more unit routers, round robin; never throws for a failed request (the answer says it).</summary>
public sealed class RouterClient : IDisposable
{
    private readonly HttpClient[] _routers;
    private int _next;

    public RouterClient(IReadOnlyList<Uri> targets, string? operatorToken)
    {
        if (targets.Count == 0) throw new ArgumentException("at least one target", nameof(targets));
        _routers = [.. targets.Select(target =>
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = target,
                Timeout = TimeSpan.FromSeconds(30),
            };
            if (operatorToken is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
            return http;
        })];
    }

    public IEnumerable<Uri> Targets => _routers.Select(r => r.BaseAddress!);

    public Task<Answer> Post(string path, string json, CancellationToken cancel = default) =>
        Send(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, cancel);

    public Task<Answer> Get(string path, CancellationToken cancel = default) => Send(new HttpRequestMessage(HttpMethod.Get, path), cancel);

    private async Task<Answer> Send(HttpRequestMessage request, CancellationToken cancel)
    {
        var router = _routers[(int)((uint)Interlocked.Increment(ref _next) % _routers.Length)];
        try
        {
            using (request)
            using (var response = await router.SendAsync(request, cancel))
            {
                var isJson = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true;
                var body = isJson ? (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancel), cancellationToken: cancel)).RootElement.Clone() : default;
                return new Answer((int)response.StatusCode, body);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return Answer.None;
        }
    }

    public void Dispose()
    {
        foreach (var router in _routers) router.Dispose();
    }
}
