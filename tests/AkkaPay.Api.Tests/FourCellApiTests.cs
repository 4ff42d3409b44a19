using System.Net;
using AkkaPay.Host;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

/// <summary>The embedded default: four cells of 25 buckets behind one unit router.</summary>
public class FourCellApiTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-four-").FullName;

    [Fact]
    public async Task The_router_sends_each_account_to_the_cell_of_its_bucket_and_payments_cross_cells()
    {
        await using var node = await RouterNode.StartAsync(EmbeddedNodeOptions.Default(FreePort.Next(), _data));
        var owners = new Dictionary<string, string>();
        foreach (var (id, type) in new[] { ("2088000000000110", "personal"), ("2088000000000137", "personal"), ("2088000000000260", "personal"), ("2088000000000399", "merchant") })
        {
            var (status, body) = await node.PostJson("/v1/accounts", $"{{\"accountId\":\"{id}\",\"type\":\"{type}\"}}");
            Assert.Equal(HttpStatusCode.Created, status);
            owners[id] = body.GetProperty("cell").GetString()!;
        }
        Assert.Equal(["c0", "c1", "c2", "c3"], owners.Values);

        await node.Post("/v1/topups", "{\"requestId\":\"t1\",\"accountId\":\"2088000000000110\",\"amount\":10000}");
        var transfer = await node.PostJson("/v1/transfers", "{\"requestId\":\"x1\",\"from\":\"2088000000000110\",\"to\":\"2088000000000260\",\"amount\":2500}");
        var payment = await node.PostJson("/v1/payments", "{\"requestId\":\"p1\",\"payer\":\"2088000000000137\",\"merchant\":\"2088000000000399\",\"amount\":1}");

        // 200 when the credit landed within the cross-cell wait, 202 in_transit otherwise; either way it settles
        Assert.Contains((transfer.Status, transfer.Body.GetProperty("status").GetString()),
            new (HttpStatusCode, string?)[] { (HttpStatusCode.OK, "succeeded"), (HttpStatusCode.Accepted, "in_transit") });
        await node.AwaitPaymentStatus("2088000000000110-x1", "succeeded");
        Assert.Equal(("insufficient_funds", HttpStatusCode.UnprocessableEntity), (payment.Body.GetProperty("code").GetString(), payment.Status));
        Assert.Equal(7_500, await node.Balance("2088000000000110"));
        Assert.Equal(2_500, await node.Balance("2088000000000260"));
        Assert.Equal(4, Directory.GetFiles(_data, "cell-c*.db").Length);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
