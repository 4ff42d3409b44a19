using System.Net;
using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

[Collection(JournalsCollection.Name)]
public class ApiFlowTests(JournalBackend journals)
{
    private const string Alice = "2088000000000137";
    private const string Bob = "2088000000000242";
    private const string Shop = "2088000000000399";

    private static async Task OpenAll(RouterNode node)
    {
        Assert.Equal(HttpStatusCode.Created, (await node.Post("/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.Post("/v1/accounts", $"{{\"accountId\":\"{Bob}\",\"type\":\"personal\",\"currency\":\"CNY\"}}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.Post("/v1/accounts", $"{{\"accountId\":\"{Shop}\",\"type\":\"merchant\"}}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Every_flow_through_the_http_api_moves_money_as_documented(string backend)
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(backend));
        await OpenAll(node);

        var topUp = await node.PostJson("/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":10000,\"channel\":\"bank\"}}");
        var transfer = await node.PostJson("/v1/transfers", $"{{\"requestId\":\"x1\",\"from\":\"{Alice}\",\"to\":\"{Bob}\",\"amount\":2500}}");
        var payment = await node.PostJson("/v1/payments", $"{{\"requestId\":\"p1\",\"payer\":\"{Alice}\",\"merchant\":\"{Shop}\",\"amount\":5000,\"orderId\":\"o-1\"}}");
        var refund = await node.PostJson("/v1/refunds", $"{{\"requestId\":\"r1\",\"paymentId\":\"{Alice}-p1\",\"amount\":1000}}");
        var withdrawal = await node.PostJson("/v1/withdrawals", $"{{\"requestId\":\"w1\",\"accountId\":\"{Bob}\",\"amount\":500}}");

        Assert.Equal((HttpStatusCode.OK, $"{Alice}-t1", "succeeded"), (topUp.Status, Id(topUp.Body), Status(topUp.Body)));
        Assert.Equal((HttpStatusCode.OK, $"{Alice}-x1", "succeeded"), (transfer.Status, Id(transfer.Body), Status(transfer.Body)));
        Assert.Equal((HttpStatusCode.OK, "succeeded", 30), (payment.Status, Status(payment.Body), payment.Body.GetProperty("fee").GetInt64()));
        Assert.Equal((HttpStatusCode.OK, $"{Shop}-r1"), (refund.Status, Id(refund.Body)));
        Assert.Equal(HttpStatusCode.OK, withdrawal.Status);

        Assert.Equal(3_500, await node.Balance(Alice));
        Assert.Equal(2_000, await node.Balance(Bob));
        Assert.Equal(3_970, await node.Balance(Shop));

        var account = (await node.GetJson($"/v1/accounts/{Shop}")).Body;
        Assert.Equal(("merchant", "CNY", "c0", false), (account.GetProperty("type").GetString(), account.GetProperty("currency").GetString(),
            account.GetProperty("cell").GetString(), account.GetProperty("hot").GetBoolean()));

        var entries = (await node.GetJson($"/v1/accounts/{Alice}/entries?limit=2")).Body.GetProperty("entries");
        Assert.Equal([$"{Shop}-r1", $"{Alice}-p1"], entries.EnumerateArray().Select(e => e.GetProperty("paymentId").GetString()));
        Assert.Equal([1_000L, -5_000L], entries.EnumerateArray().Select(e => e.GetProperty("amount").GetInt64()));
        Assert.Equal(3_500, entries[0].GetProperty("balanceAfter").GetInt64());

        var paid = (await node.GetJson($"/v1/payments/{Alice}-p1")).Body;
        Assert.Equal(("merchant_payment", "succeeded", 5_000L, Alice, Shop, 30L, 1_000L, "o-1"),
            (paid.GetProperty("kind").GetString(), Status(paid), paid.GetProperty("amount").GetInt64(), paid.GetProperty("from").GetString(),
             paid.GetProperty("to").GetString(), paid.GetProperty("fee").GetInt64(), paid.GetProperty("refunded").GetInt64(), paid.GetProperty("orderId").GetString()));
        Assert.Equal(["initiated", "succeeded", "refund_reserved"], paid.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
    }

    [Fact]
    public async Task Refusals_carry_their_stable_codes_and_change_nothing()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        await OpenAll(node);
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000555\",\"type\":\"personal\",\"currency\":\"USD\"}");
        await node.Post("/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":1000}}");
        await node.Post("/v1/payments", $"{{\"requestId\":\"p1\",\"payer\":\"{Alice}\",\"merchant\":\"{Shop}\",\"amount\":500}}");

        var expectations = new (string Path, string Body, HttpStatusCode Status, string Code)[]
        {
            ("/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}", HttpStatusCode.Conflict, "account_exists"),
            ("/v1/topups", "{\"requestId\":\"t9\",\"accountId\":\"2088000000000999\",\"amount\":5}", HttpStatusCode.NotFound, "account_not_found"),
            ("/v1/transfers", $"{{\"requestId\":\"x1\",\"from\":\"{Alice}\",\"to\":\"2088000000000999\",\"amount\":5}}", HttpStatusCode.NotFound, "account_not_found"),
            ("/v1/transfers", $"{{\"requestId\":\"x2\",\"from\":\"{Alice}\",\"to\":\"{Bob}\",\"amount\":501}}", HttpStatusCode.UnprocessableEntity, "insufficient_funds"),
            ("/v1/transfers", $"{{\"requestId\":\"x3\",\"from\":\"{Alice}\",\"to\":\"2088000000000555\",\"amount\":5}}", HttpStatusCode.UnprocessableEntity, "currency_mismatch"),
            ("/v1/transfers", $"{{\"requestId\":\"t1\",\"from\":\"{Alice}\",\"to\":\"{Bob}\",\"amount\":5}}", HttpStatusCode.Conflict, "idempotency_key_reused"),
            ("/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":999}}", HttpStatusCode.Conflict, "idempotency_key_reused"),
            ("/v1/payments", $"{{\"requestId\":\"p2\",\"payer\":\"{Alice}\",\"merchant\":\"{Bob}\",\"amount\":5}}", HttpStatusCode.UnprocessableEntity, "not_a_merchant"),
            ("/v1/refunds", $"{{\"requestId\":\"r1\",\"paymentId\":\"{Alice}-p1\",\"amount\":501}}", HttpStatusCode.UnprocessableEntity, "refund_exceeds_payment"),
            ("/v1/refunds", $"{{\"requestId\":\"r2\",\"paymentId\":\"{Alice}-nope\",\"amount\":1}}", HttpStatusCode.NotFound, "payment_not_found"),
            ("/v1/refunds", $"{{\"requestId\":\"r3\",\"paymentId\":\"{Alice}-t1\",\"amount\":1}}", HttpStatusCode.UnprocessableEntity, "payment_not_refundable"),
        };
        foreach (var (path, body, status, code) in expectations)
        {
            var (actualStatus, problem) = await node.PostJson(path, body);
            Assert.True((status, code) == (actualStatus, problem.GetProperty("code").GetString()), $"{path} {body} → {actualStatus} {problem}");
        }

        Assert.Equal(500, await node.Balance(Alice));
        Assert.Equal(0, await node.Balance(Bob));
        Assert.Equal(497, await node.Balance(Shop));
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync($"/v1/accounts/2088000000000999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync($"/v1/accounts/2088000000000999/entries")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_request_returns_the_first_answer()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        await OpenAll(node);
        await node.Post("/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":1000}}");

        var first = await node.PostJson("/v1/transfers", $"{{\"requestId\":\"x1\",\"from\":\"{Alice}\",\"to\":\"{Bob}\",\"amount\":100}}");
        var again = await node.PostJson("/v1/transfers", $"{{\"requestId\":\"x1\",\"from\":\"{Alice}\",\"to\":\"{Bob}\",\"amount\":100,\"currency\":\"CNY\"}}");

        Assert.Equal((first.Status, first.Body.GetRawText()), (again.Status, again.Body.GetRawText()));
        Assert.Equal(900, await node.Balance(Alice));
    }

    [Fact]
    public async Task Fifty_parallel_transfers_over_http_with_money_for_33_let_exactly_33_through()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        await OpenAll(node);
        await node.Post("/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":3300}}");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            node.PostJson("/v1/transfers", $"{{\"requestId\":\"d{i}\",\"from\":\"{Alice}\",\"to\":\"{Bob}\",\"amount\":100}}")));

        Assert.Equal(33, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(17, answers.Count(a => a.Status == HttpStatusCode.UnprocessableEntity && a.Body.GetProperty("code").GetString() == "insufficient_funds"));
        Assert.Equal(0, await node.Balance(Alice));
        Assert.Equal(3_300, await node.Balance(Bob));
    }

    private static string? Id(JsonElement body) => body.GetProperty("paymentId").GetString();

    private static string? Status(JsonElement body) => body.GetProperty("status").GetString();
}
