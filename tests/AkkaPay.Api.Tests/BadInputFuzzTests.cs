using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AkkaPay.Host;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

/// <summary>
/// Bad input at scale: ten thousand malformed and hostile requests from a seeded generator against a running router.
/// None may get a 5xx or hang; each gets a 4xx problem+json with a stable code; no balance, account, payment or
/// routing changes. A failure prints the seed: AKKAPAY_FUZZ_SEED=N replays it.
/// </summary>
[Collection(JournalsCollection.Name)]
public class BadInputFuzzTests(JournalBackend journals)
{
    private const int Requests = 10_000;
    private const int AtOnce = 8;
    private const int DefaultSeed = 20_261_206;
    private const string Token = "operator-secret";
    private const string Alice = BadInputWorld.Alice;
    private const string Bob = BadInputWorld.Bob;
    private const string Shop = BadInputWorld.Shop;
    private const string Paid = BadInputWorld.Paid;
    private const string Unused = "2088000000000500";
    private static readonly TimeSpan AnswerMax = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Ten_thousand_seeded_hostile_requests_are_each_refused_with_a_problem_and_change_nothing(string backend)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AKKAPAY_FUZZ_SEED"), out var given) ? given : DefaultSeed;
        await using var node = await RouterNode.StartAsync(
            EmbeddedNodeOptions.SingleCell(FreePort.Next(), await journals.NewJournalAsync(backend)) with { AdminToken = Token, AdminTokenGenerated = false });
        await BadInputWorld.SetUp(node);
        var before = await Snapshot(node);

        var generator = new HostileRequests(seed, Token, Alice, Bob, Shop, Paid, Unused);
        var requests = Enumerable.Range(0, Requests).Select(_ => generator.Next()).ToArray();
        var failures = new ConcurrentQueue<(HostileRequest Request, string Wrong)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = AtOnce }, async (request, _) =>
        {
            if (await Refusal(node.Http, request) is { } wrong) failures.Enqueue((request, wrong));
        });

        // one example of each kind of request that went wrong, with how many of that kind did
        var examples = failures.GroupBy(f => f.Request.Kind).Select(g => $"{g.Count()} × {g.First().Request}\n    → {g.First().Wrong}");
        Assert.True(failures.IsEmpty, $"seed {seed}: {failures.Count} of {Requests} hostile requests were not refused with a problem:\n{string.Join("\n", examples)}");
        Assert.Equal(before, await Snapshot(node));
    }

    /// <returns>null when the answer is a 4xx problem with a code; else what is wrong with it.</returns>
    private static async Task<string?> Refusal(HttpClient http, HostileRequest request)
    {
        using var deadline = new CancellationTokenSource(AnswerMax);
        try
        {
            using var message = request.ToMessage();
            using var response = await http.SendAsync(message, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500) return $"{status} {text}";
            if (request.RefusedByKestrel) return status == 400 ? null : $"{status} where Kestrel refuses with 400";
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no media type"}: {text}";
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            return root.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 } && root.TryGetProperty("status", out var said) && said.GetInt32() == status
                ? null
                : $"{status}, a problem without a code or with another status: {text}";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {AnswerMax.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            return $"connection failed: {e.Message}";
        }
    }

    /// <summary>Everything a hostile request could have changed: the ledger's totals, the accounts and their entries, the payment, the routing table.</summary>
    private static async Task<string> Snapshot(RouterNode node)
    {
        var parts = new List<string>();
        async Task Add(string path, bool asOperator = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (asOperator) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var response = await node.Http.SendAsync(request);
            parts.Add($"{path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await Add("/admin/ledger/audit", asOperator: true);
        await Add("/admin/traffic/history", asOperator: true);
        foreach (var account in new[] { Alice, Bob, Shop })
        {
            await Add($"/v1/accounts/{account}");
            await Add($"/v1/accounts/{account}/entries?limit=1000");
        }
        await Add($"/v1/payments/{Paid}");
        parts.Add((await node.Http.GetAsync($"/v1/accounts/{Unused}")).StatusCode.ToString());
        return string.Join("\n", parts);
    }
}
