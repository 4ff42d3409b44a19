using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AkkaPay.Host;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

public class AdminApiTests : IDisposable
{
    private const string Token = "operator-secret";
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-admin-").FullName;

    private Task<RouterNode> StartFourCells() =>
        RouterNode.StartAsync(EmbeddedNodeOptions.Default(FreePort.Next(), _data) with { AdminToken = Token, AdminTokenGenerated = false });

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Bearer operator-secre")]
    [InlineData("Basic b3BlcmF0b3Itc2VjcmV0")]
    [InlineData("operator-secret")]
    public async Task The_management_api_refuses_requests_without_the_operator_token(string? authorization)
    {
        await using var node = await StartFourCells();
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/ledger/audit");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("\"code\":\"unauthorized\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_audit_of_every_cell_balances_after_payments_within_and_across_cells()
    {
        await using var node = await StartFourCells();
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000110\",\"type\":\"personal\"}");
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000399\",\"type\":\"merchant\"}");
        await node.Post("/v1/topups", "{\"requestId\":\"t1\",\"accountId\":\"2088000000000110\",\"amount\":10000}");
        await node.Post("/v1/payments", "{\"requestId\":\"p1\",\"payer\":\"2088000000000110\",\"merchant\":\"2088000000000399\",\"amount\":4000}");
        await node.AwaitPaymentStatus("2088000000000110-p1", "succeeded");

        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/ledger/audit");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await node.Http.SendAsync(request);
        var audit = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((0, 0, true), (audit.GetProperty("total").GetInt64(), audit.GetProperty("inTransit").GetInt64(), audit.GetProperty("balanced").GetBoolean()));
        var sums = audit.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("cell").GetString()!, c => c.GetProperty("sum").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["c0"] = -4000, ["c1"] = 0, ["c2"] = 0, ["c3"] = 4000 }, sums);
        Assert.Empty(audit.GetProperty("unavailableCells").EnumerateArray());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
