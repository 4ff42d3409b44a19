using System.Net;
using System.Text;
using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

/// <summary>Every endpoint, every kind of bad input: 400 validation_error as problem+json, and nothing changes.</summary>
[Collection(JournalsCollection.Name)]
public class BadInputTests(JournalBackend journals)
{
    private const string Alice = BadInputWorld.Alice;
    private const string Bob = BadInputWorld.Bob;
    private const string Shop = BadInputWorld.Shop;
    private const string Paid = BadInputWorld.Paid;

    public static TheoryData<string, string, string?> BadRequests()
    {
        var data = new TheoryData<string, string, string?>();
        void Post(string path, params string[] bodies) { foreach (var body in bodies) data.Add("POST", path, body); }
        void Get(params string[] paths) { foreach (var path in paths) data.Add("GET", path, null); }

        string[] Malformed = ["", "{", "[]", "null", "\"text\"", "{\"requestId\":\"a\",}"];

        Post("/v1/accounts", [.. Malformed,
            "{\"type\":\"personal\"}",
            "{\"accountId\":\"2088000000000500\"}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"personal\",\"nickname\":\"x\"}",
            "{\"accountId\":\"208800000000050\",\"type\":\"personal\"}",
            "{\"accountId\":\"20880000000005x0\",\"type\":\"personal\"}",
            "{\"accountId\":2088000000000500,\"type\":\"personal\"}",
            "{\"accountId\":null,\"type\":\"personal\"}",
            "{\"accountId\":\"9910156000000037\",\"type\":\"personal\"}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"internal\"}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"Personal\"}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"personal\",\"currency\":\"cny\"}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"personal\",\"currency\":\"XXX\"}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"merchant\",\"hot\":true}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"merchant\",\"subAccounts\":4}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"merchant\",\"hot\":false,\"subAccounts\":4}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"merchant\",\"hot\":true,\"subAccounts\":0}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"merchant\",\"hot\":true,\"subAccounts\":65}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"merchant\",\"hot\":true,\"subAccounts\":2.5}",
            "{\"accountId\":\"2088000000000500\",\"type\":\"merchant\",\"hot\":\"yes\",\"subAccounts\":4}",
            "{\"accountId\":\"2088000000000500\",\"accountId\":\"2088000000000600\",\"type\":\"personal\"}"]);

        string Amount(string amount) => $"{{\"requestId\":\"bad\",\"accountId\":\"{Alice}\",\"amount\":{amount}}}";
        string[] BadAmounts = ["0", "-1", "1.5", "1.0", "1e3", "\"5\"", "null", "true", "9223372036854775808", "-9223372036854775808"];
        foreach (var path in new[] { "/v1/topups", "/v1/withdrawals" })
            Post(path, [.. Malformed, .. BadAmounts.Select(Amount),
                $"{{\"accountId\":\"{Alice}\",\"amount\":5}}",
                $"{{\"requestId\":\"bad\",\"amount\":5}}",
                $"{{\"requestId\":\"bad\",\"accountId\":\"{Alice}\"}}",
                $"{{\"requestId\":\"bad id\",\"accountId\":\"{Alice}\",\"amount\":5}}",
                $"{{\"requestId\":\"{new string('r', 65)}\",\"accountId\":\"{Alice}\",\"amount\":5}}",
                $"{{\"requestId\":\"\",\"accountId\":\"{Alice}\",\"amount\":5}}",
                $"{{\"requestId\":\"bad\",\"accountId\":\"123\",\"amount\":5}}",
                $"{{\"requestId\":\"bad\",\"accountId\":\"9910156000000037\",\"amount\":5}}",
                $"{{\"requestId\":\"bad\",\"accountId\":\"{Alice}\",\"amount\":5,\"channel\":\"\"}}",
                $"{{\"requestId\":\"bad\",\"accountId\":\"{Alice}\",\"amount\":5,\"memo\":\"x\"}}"]);

        string Transfer(string extra) => $"{{\"requestId\":\"bad\",\"from\":\"{Alice}\",\"to\":\"{Bob}\"{extra}}}";
        Post("/v1/transfers", [.. Malformed, .. BadAmounts.Select(a => Transfer($",\"amount\":{a}")),
            Transfer(""),
            $"{{\"requestId\":\"bad\",\"from\":\"{Alice}\",\"amount\":5}}",
            $"{{\"requestId\":\"bad\",\"to\":\"{Bob}\",\"amount\":5}}",
            $"{{\"requestId\":\"bad\",\"from\":\"{Alice}\",\"to\":\"{Alice}\",\"amount\":5}}",
            $"{{\"requestId\":\"bad\",\"from\":\"{Alice}\",\"to\":\"2088\",\"amount\":5}}",
            Transfer(",\"amount\":5,\"currency\":\"usd\""),
            Transfer(",\"amount\":5,\"currency\":\"US\""),
            Transfer(",\"amount\":5,\"currency\":5"),
            Transfer(",\"amount\":5,\"fee\":1")]);

        string Payment(string extra) => $"{{\"requestId\":\"bad\",\"payer\":\"{Alice}\",\"merchant\":\"{Shop}\"{extra}}}";
        Post("/v1/payments", [.. Malformed, .. BadAmounts.Select(a => Payment($",\"amount\":{a}")),
            Payment(""),
            $"{{\"requestId\":\"bad\",\"payer\":\"{Alice}\",\"merchant\":\"{Alice}\",\"amount\":5}}",
            Payment($",\"amount\":5,\"orderId\":\"{new string('o', 65)}\""),
            Payment(",\"amount\":5,\"orderId\":\"\""),
            Payment(",\"amount\":5,\"currency\":\"CNY\"")]);

        string Refund(string extra) => $"{{\"requestId\":\"bad\",\"paymentId\":\"{Paid}\"{extra}}}";
        Post("/v1/refunds", [.. Malformed, .. BadAmounts.Select(a => Refund($",\"amount\":{a}")),
            Refund(""),
            "{\"requestId\":\"bad\",\"paymentId\":\"not-a-payment\",\"amount\":5}",
            "{\"requestId\":\"bad\",\"paymentId\":\"2088000000000137\",\"amount\":5}",
            "{\"requestId\":\"bad\",\"paymentId\":\"2088000000000137-\",\"amount\":5}",
            Refund(",\"amount\":5,\"reason\":\"x\"")]);

        Get($"/v1/accounts/123", $"/v1/accounts/20880000000001377", $"/v1/accounts/{Alice}/entries?limit=0",
            $"/v1/accounts/{Alice}/entries?limit=1001", $"/v1/accounts/{Alice}/entries?limit=abc", $"/v1/accounts/{Alice}/entries?limit=-5",
            "/v1/payments/nope", "/v1/payments/2088000000000137-has%20space");
        return data;
    }

    [Fact]
    public async Task Every_bad_input_of_every_endpoint_is_a_validation_error_and_changes_nothing()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        await BadInputWorld.SetUp(node);
        var before = await Snapshot(node);

        var failures = new List<string>();
        foreach (var row in BadRequests())
        {
            var (method, path, body) = ((string)row[0], (string)row[1], (string?)row[2]);
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await node.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!IsValidationProblem(response, text)) failures.Add($"{method} {path} {body} → {(int)response.StatusCode} {text}");
        }

        Assert.Empty(failures);
        Assert.Equal(before, await Snapshot(node));
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync($"/v1/payments/{Alice}-bad")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("/v1/accounts/2088000000000500")).StatusCode);
    }

    [Fact]
    public async Task A_write_whose_body_is_not_declared_json_is_refused_as_unsupported_media_type_and_changes_nothing()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        await node.Post("/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
        var topUp = $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":10000}}";

        foreach (var mediaType in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", null })
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(topUp));
            if (mediaType is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            var response = await node.Http.PostAsync("/v1/topups", content);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("unsupported_media_type", problem.RootElement.GetProperty("code").GetString());
        }

        Assert.Equal(0, await node.Balance(Alice));
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync($"/v1/payments/{Alice}-t1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Post("/v1/topups", topUp)).StatusCode);   // the same body as JSON is taken
    }

    private static bool IsValidationProblem(HttpResponseMessage response, string text)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("code").GetString() == "validation_error"
            && json.RootElement.GetProperty("status").GetInt32() == 400
            && json.RootElement.GetProperty("detail").GetString() is { Length: > 0 }
            && json.RootElement.GetProperty("traceId").GetString() == response.Headers.GetValues("trace-id").Single();
    }

    private static async Task<string> Snapshot(RouterNode node)
    {
        var parts = new List<string>();
        foreach (var account in new[] { Alice, Bob, Shop })
            parts.Add((await node.GetJson($"/v1/accounts/{account}/entries?limit=1000")).Body.GetRawText() + await node.Balance(account));
        parts.Add((await node.GetJson($"/v1/payments/{Paid}")).Body.GetRawText());
        return string.Join("\n", parts);
    }
}
