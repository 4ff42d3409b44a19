using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AkkaPay.Cell.Persistence;
using AkkaPay.Host;
using AkkaPay.Testing;
using Microsoft.AspNetCore.Builder;

namespace AkkaPay.Api.Tests;

/// <summary>`akkapay up` in-process: the real node on a free loopback port, with an HTTP client pointed at it.</summary>
public sealed class RouterNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RouterNode(WebApplication app, int port)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Http { get; }

    /// <summary>One cell owning every bucket, on the given journal.</summary>
    public static Task<RouterNode> StartAsync(JournalOptions journal)
    {
        var port = FreePort.Next();
        return StartAsync(EmbeddedNodeOptions.SingleCell(port, journal));
    }

    public static async Task<RouterNode> StartAsync(EmbeddedNodeOptions options)
    {
        var port = options.HttpPort;
        var app = EmbeddedNode.Build(options);
        await app.StartAsync();
        var node = new RouterNode(app, port);
        await node.WhenReady();
        return node;
    }

    private async Task WhenReady()
    {
        await Probe.Until(async () => (await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "node not ready");
    }

    public Task<HttpResponseMessage> Post(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostJson(string path, string json)
    {
        var response = await Post(path, json);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJson(string path)
    {
        var response = await Http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Polls GET /v1/payments/{id} until the payment has <paramref name="status"/>; fails after 30 s.</summary>
    public Task AwaitPaymentStatus(string paymentId, string status) =>
        Probe.Until(async () => (await GetJson($"/v1/payments/{paymentId}")).Body.GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(30), $"payment {paymentId} did not become {status}");

    public async Task<long> Balance(string accountId) =>
        (await GetJson($"/v1/accounts/{accountId}")).Body.GetProperty("balance").GetInt64();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
