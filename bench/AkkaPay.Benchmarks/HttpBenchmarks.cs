using System.Net;
using System.Text;
using System.Text.Json;
using AkkaPay.Cell.Persistence;
using AkkaPay.Host;
using AkkaPay.Testing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AkkaPay.Benchmarks;

/// <summary>
/// Transfers over HTTP, 64 in flight, against their anchor: the same requests answered by a bare ASP.NET Core minimal
/// API that reads the JSON body and answers without doing anything (the HTTP floor of this machine). AkkaPay runs as
/// `akkapay up` does, in this process: the embedded default (four SQLite cells) or one cell on PostgreSQL. Every
/// transfer stays inside one cell and is answered after its journal writes committed.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class HttpBenchmarks
{
    private const int TransfersPerBatch = 2_000;
    private const int InFlight = 64;
    private const int Buckets = 100;

    private readonly BenchmarkJournal _journal = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private int _round;

    [Params("aspnetcore-bare", "akkapay-sqlite", "akkapay-postgres")]
    public string Target { get; set; } = "aspnetcore-bare";

    [GlobalSetup]
    public async Task Setup()
    {
        var port = FreePort.Next();
        _app = Target switch
        {
            "aspnetcore-bare" => BareEndpoint(port),
            "akkapay-sqlite" => EmbeddedNode.Build(EmbeddedNodeOptions.Default(port, Folder(await _journal.CreateAsync("sqlite"))), Quiet),
            _ => EmbeddedNode.Build(EmbeddedNodeOptions.SingleCell(port, await _journal.CreateAsync("postgres")), Quiet),
        };
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Probe.Until(async () => (await _http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "node not ready");
        if (Target == "aspnetcore-bare") return;
        // two funded accounts per bucket: each transfer moves money between the two of one bucket, inside its cell
        foreach (var (pair, bucket) in Enumerable.Range(0, Buckets).SelectMany(b => new[] { (0, b), (1, b) }))
        {
            var account = Account(pair, bucket);
            await Post("/v1/accounts", $$"""{"accountId":"{{account}}","type":"personal"}""", HttpStatusCode.Created);
            await Post("/v1/topups", $$"""{"requestId":"fund","accountId":"{{account}}","amount":1000000000}""", HttpStatusCode.OK);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _journal.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = TransfersPerBatch)]
    public Task Transfer()
    {
        var round = Interlocked.Increment(ref _round);
        return Parallel.ForEachAsync(Enumerable.Range(0, TransfersPerBatch), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
        {
            var bucket = i % Buckets;
            var from = Account((i / Buckets) % 2, bucket);
            var to = Account(1 - (i / Buckets) % 2, bucket);
            await Post("/v1/transfers", $$"""{"requestId":"b{{round}}-{{i}}","from":"{{from}}","to":"{{to}}","amount":1}""", HttpStatusCode.OK);
        });
    }

    /// <summary>The temporary folder of a SQLite journal, where the embedded default puts its four cells' files.</summary>
    private static string Folder(JournalOptions sqlite) => Path.GetDirectoryName(new SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource)!;

    private static string Account(int pair, int bucket) => $"2088000000{pair:0000}{bucket:00}";

    private async Task Post(string path, string json, HttpStatusCode expected)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{path} {json}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static void Quiet(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Warning);

    /// <summary>The floor: Kestrel, routing and System.Text.Json reading the body and writing a small answer.</summary>
    private static WebApplication BareEndpoint(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/v1/transfers", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var requestId = body.RootElement.GetProperty("requestId").GetString();
            return Results.Text($$"""{"paymentId":"{{requestId}}","status":"succeeded"}""", "application/json");
        });
        return app;
    }
}
