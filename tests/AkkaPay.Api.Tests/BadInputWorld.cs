using System.Net;

namespace AkkaPay.Api.Tests;

/// <summary>What the bad-input tests aim at: Alice with money, Bob, the merchant Shop, and a payment of Alice's to Shop.</summary>
internal static class BadInputWorld
{
    public const string Alice = "2088000000000137";
    public const string Bob = "2088000000000242";
    public const string Shop = "2088000000000399";
    public const string Paid = Alice + "-paid";

    public static async Task SetUp(RouterNode node)
    {
        await node.Post("/v1/accounts", $"{{\"accountId\":\"{Alice}\",\"type\":\"personal\"}}");
        await node.Post("/v1/accounts", $"{{\"accountId\":\"{Bob}\",\"type\":\"personal\"}}");
        await node.Post("/v1/accounts", $"{{\"accountId\":\"{Shop}\",\"type\":\"merchant\"}}");
        await node.Post("/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{Alice}\",\"amount\":10000}}");
        var paid = await node.Post("/v1/payments", $"{{\"requestId\":\"paid\",\"payer\":\"{Alice}\",\"merchant\":\"{Shop}\",\"amount\":1000}}");
        if (paid.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"the payment to aim at did not succeed: {(int)paid.StatusCode}");
        // a success is answered before its outcome is written; the payment answers a read only once it is, so the
        // world the tests snapshot has no payment pending
        await node.GetJson($"/v1/payments/{Paid}");
    }
}
