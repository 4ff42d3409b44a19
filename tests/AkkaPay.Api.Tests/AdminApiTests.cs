using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AkkaPay.Cell.Persistence;
using AkkaPay.Host;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

public class AdminApiTests : IDisposable
{
    private const string Token = "operator-secret";
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-admin-").FullName;

    private Task<RouterNode> StartFourCells() =>
        RouterNode.StartAsync(EmbeddedNodeOptions.Default(FreePort.Next(), _data) with { AdminToken = Token, AdminTokenGenerated = false });

    private static readonly string[] AdminPaths = ["/admin/ledger/audit", "/admin/cluster", "/admin/cells", "/admin/cells/c1", "/admin/cells/c1/shards", "/admin/traffic"];

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Bearer operator-secre")]
    [InlineData("Basic b3BlcmF0b3Itc2VjcmV0")]
    [InlineData("operator-secret")]
    public async Task The_management_api_refuses_requests_without_the_operator_token(string? authorization)
    {
        await using var node = await StartFourCells();
        foreach (var path in AdminPaths)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

            var response = await node.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("\"code\":\"unauthorized\"", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Operators_see_members_cells_shard_placement_and_traffic()
    {
        await using var node = await StartFourCells();
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000137\",\"type\":\"personal\"}");   // a shard of c1 starts

        var cluster = await Admin(node, "/admin/cluster");
        var cells = await Admin(node, "/admin/cells");
        var shards = await AdminOnceAnswering(node, "/admin/cells/c1/shards");
        var c1Detail = await AdminOnceAnswering(node, "/admin/cells/c1");
        var traffic = await Traffic(node);
        var unknown = await node.Http.SendAsync(AdminRequest("/admin/cells/c9/shards"));
        var unknownDetail = await node.Http.SendAsync(AdminRequest("/admin/cells/c9"));

        var member = Assert.Single(cluster.GetProperty("members").EnumerateArray());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.Contains("cell-c3", member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["00-24", "25-49", "50-74", "75-99"],
            cells.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("buckets")[0].GetString()));
        var accounts = shards.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == "account");
        Assert.Equal((1, 1, "blue"), (accounts.GetProperty("shards").GetInt32(), accounts.GetProperty("entities").GetInt32(), accounts.GetProperty("color").GetString()));
        var c1 = traffic.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cell").GetString() == "c1");
        Assert.Equal((100, 0, "site-a"), (c1.GetProperty("bluePercent").GetInt32(), c1.GetProperty("greenPercent").GetInt32(), c1.GetProperty("site").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("cell_not_found", await unknown.Content.ReadAsStringAsync());

        Assert.Equal(("site-a", "25-49", 1L), (c1Detail.GetProperty("site").GetString(), c1Detail.GetProperty("buckets")[0].GetString(), c1Detail.GetProperty("routingVersion").GetInt64()));
        Assert.Equal(member.GetProperty("address").GetString(), Assert.Single(c1Detail.GetProperty("nodes").EnumerateArray()).GetProperty("address").GetString());
        Assert.Contains(c1Detail.GetProperty("shards").EnumerateArray(), r => r.GetProperty("region").GetString() == "account" && r.GetProperty("entities").GetInt32() == 1);
        Assert.Equal((1, 0L), (c1Detail.GetProperty("ledger").GetProperty("accounts").GetInt32(), c1Detail.GetProperty("ledger").GetProperty("sum").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, unknownDetail.StatusCode);
        Assert.Contains("cell_not_found", await unknownDetail.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage AdminRequest(string path) => AdminRequest(HttpMethod.Get, path, body: null);

    private static HttpRequestMessage AdminRequest(HttpMethod method, string path, string? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    /// <summary>The traffic view, once it answers: 503 until every live node's regions of every cell have registered with their coordinators.</summary>
    private static Task<JsonElement> Traffic(RouterNode node) => AdminOnceAnswering(node, "/admin/traffic");

    /// <summary>
    /// A view built from every region's shard stats: it answers 503 while a region of the node has not registered
    /// with its coordinator yet (just after start), so it is read once it answers.
    /// </summary>
    private static async Task<JsonElement> AdminOnceAnswering(RouterNode node, string path)
    {
        await Probe.Until(async () =>
        {
            using var response = await node.Http.SendAsync(AdminRequest(path));
            return response.StatusCode != HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(30), $"{path} answered 503 for 30 s");
        return await Admin(node, path);
    }

    private static async Task<JsonElement> Admin(RouterNode node, string path)
    {
        var response = await node.Http.SendAsync(AdminRequest(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task An_operator_makes_an_account_hot_and_bad_requests_change_nothing()
    {
        await using var node = await StartFourCells();
        const string shop = "2088000000000399", payer = "2088000000000110", hotFromTheStart = "2088000000000398";
        await node.Post("/v1/accounts", $"{{\"accountId\":\"{shop}\",\"type\":\"merchant\"}}");
        await node.Post("/v1/accounts", $"{{\"accountId\":\"{payer}\",\"type\":\"personal\"}}");
        await node.Post("/v1/topups", $"{{\"requestId\":\"t1\",\"accountId\":\"{payer}\",\"amount\":10000}}");
        var created = await node.PostJson("/v1/accounts", $"{{\"accountId\":\"{hotFromTheStart}\",\"type\":\"merchant\",\"hot\":true,\"subAccounts\":4}}");
        Assert.Equal((HttpStatusCode.Created, true, 4), (created.Status, created.Body.GetProperty("hot").GetBoolean(), created.Body.GetProperty("subAccounts").GetInt32()));

        var unauthorized = await node.Post($"/admin/accounts/{shop}/hot", "{\"subAccounts\":8}");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        foreach (var (path, body, status, code) in new[]
        {
            ($"/admin/accounts/{shop}/hot", "{\"subAccounts\":0}", HttpStatusCode.BadRequest, "validation_error"),
            ($"/admin/accounts/{shop}/hot", "{\"subAccounts\":65}", HttpStatusCode.BadRequest, "validation_error"),
            ($"/admin/accounts/{shop}/hot", "{\"subAccounts\":\"8\"}", HttpStatusCode.BadRequest, "validation_error"),
            ($"/admin/accounts/{shop}/hot", "{}", HttpStatusCode.BadRequest, "validation_error"),
            ($"/admin/accounts/{shop}/hot", "{\"subAccounts\":8,\"force\":true}", HttpStatusCode.BadRequest, "validation_error"),
            ($"/admin/accounts/{shop}/hot", "{", HttpStatusCode.BadRequest, "validation_error"),
            ("/admin/accounts/20880000/hot", "{\"subAccounts\":8}", HttpStatusCode.BadRequest, "validation_error"),
            ("/admin/accounts/9920156000000099/hot", "{\"subAccounts\":8}", HttpStatusCode.BadRequest, "validation_error"),
            ("/admin/accounts/2088000000000499/hot", "{\"subAccounts\":8}", HttpStatusCode.NotFound, "account_not_found"),
        })
        {
            var response = await node.Http.SendAsync(AdminRequest(HttpMethod.Post, path, body));
            Assert.Equal(status, response.StatusCode);
            Assert.Contains($"\"code\":\"{code}\"", await response.Content.ReadAsStringAsync());
        }
        Assert.False((await node.GetJson($"/v1/accounts/{shop}")).Body.GetProperty("hot").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("/v1/accounts/2088000000000499")).StatusCode);

        var hot = await node.Http.SendAsync(AdminRequest(HttpMethod.Post, $"/admin/accounts/{shop}/hot", "{\"subAccounts\":8}"));
        var view = JsonDocument.Parse(await hot.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((HttpStatusCode.OK, true, 8), (hot.StatusCode, view.GetProperty("hot").GetBoolean(), view.GetProperty("subAccounts").GetInt32()));
        await node.Post("/v1/payments", $"{{\"requestId\":\"p1\",\"payer\":\"{payer}\",\"merchant\":\"{shop}\",\"amount\":4000}}");
        await node.AwaitPaymentStatus($"{payer}-p1", "succeeded");
        Assert.Equal(4000 - 24, await node.Balance(shop));
        Assert.Equal($"{payer}-p1", (await node.GetJson($"/v1/accounts/{shop}/entries")).Body.GetProperty("entries")[0].GetProperty("paymentId").GetString());
        Assert.True((await Admin(node, "/admin/ledger/audit")).GetProperty("balanced").GetBoolean());
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

        var audit = await Admin(node, "/admin/ledger/audit");

        Assert.Equal((0, 0, true), (audit.GetProperty("total").GetInt64(), audit.GetProperty("inTransit").GetInt64(), audit.GetProperty("balanced").GetBoolean()));
        // the payment read as succeeded has its outcome written: no cell lists a payment pending
        Assert.Equal(0, audit.GetProperty("pendingPayments").GetInt32());
        Assert.All(audit.GetProperty("cells").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("pendingPayments").GetInt32()));
        var sums = audit.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("cell").GetString()!, c => c.GetProperty("sum").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["c0"] = -4000, ["c1"] = 0, ["c2"] = 0, ["c3"] = 4000 }, sums);
        Assert.Empty(audit.GetProperty("unavailableCells").EnumerateArray());
    }

    [Fact]
    public async Task Internal_accounts_are_hidden_from_the_public_api_and_shown_to_operators()
    {
        await using var node = await StartFourCells();
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000137\",\"type\":\"personal\"}");
        await node.Post("/v1/topups", "{\"requestId\":\"t1\",\"accountId\":\"2088000000000137\",\"amount\":10000}");
        const string clearing = "9910156000000037";   // the channel clearing account of Alice's bucket, which paid her top-up

        foreach (var path in new[] { $"/v1/accounts/{clearing}", $"/v1/accounts/{clearing}/entries" })
        {
            var hidden = await node.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Contains("\"code\":\"account_not_found\"", await hidden.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Http.GetAsync($"/admin/accounts/{clearing}")).StatusCode);

        var shown = await Admin(node, $"/admin/accounts/{clearing}");
        Assert.Equal((-10000L, "c1"), (shown.GetProperty("balance").GetInt64(), shown.GetProperty("cell").GetString()));
        var entries = await Admin(node, $"/admin/accounts/{clearing}/entries");
        Assert.Equal("2088000000000137-t1", entries.GetProperty("entries")[0].GetProperty("paymentId").GetString());
        Assert.Equal(10000, (await Admin(node, "/admin/accounts/2088000000000137")).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task An_operator_shifts_a_cell_toward_a_live_color_and_every_refusal_changes_nothing()
    {
        await using var node = await StartFourCells();   // one process, blue only: green has no live node
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000137\",\"type\":\"personal\"}");
        var before = (await Traffic(node)).GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cell").GetString() == "c1");
        Assert.Equal((50, 52.0, 0), (before.GetProperty("targetGreenPercent").GetInt32(), before.GetProperty("plannedGreenPercent").GetDouble(), before.GetProperty("shardsMoving").GetInt32()));
        Assert.Equal("no live green node in site site-a: blue serves the cell", before.GetProperty("note").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Post("/admin/traffic/c1/shift", "{\"greenPercent\":0,\"replacesVersion\":1}")).StatusCode);
        await AssertRefused(node, new[]
        {
            ("/admin/traffic/c1/shift", "{\"greenPercent\":100,\"replacesVersion\":1}", HttpStatusCode.Conflict, "color_not_live"),
            ("/admin/traffic/c1/shift", "{\"greenPercent\":0,\"replacesVersion\":7}", HttpStatusCode.Conflict, "stale_version"),
            ("/admin/traffic/c1/shift", "{\"greenPercent\":101,\"replacesVersion\":1}", HttpStatusCode.BadRequest, "validation_error"),
            ("/admin/traffic/c1/shift", "{\"greenPercent\":0}", HttpStatusCode.BadRequest, "validation_error"),
            ("/admin/traffic/c1/shift", "{\"greenPercent\":0,\"replacesVersion\":1,\"color\":\"blue\"}", HttpStatusCode.BadRequest, "validation_error"),
            ("/admin/traffic/c9/shift", "{\"greenPercent\":0,\"replacesVersion\":1}", HttpStatusCode.NotFound, "cell_not_found"),
        });
        Assert.Equal(1, (await Traffic(node)).GetProperty("routingVersion").GetInt64());

        var shifted = await node.Http.SendAsync(AdminRequest(HttpMethod.Post, "/admin/traffic/c1/shift", "{\"greenPercent\":0,\"replacesVersion\":1,\"reason\":\"deploy green\"}"));
        Assert.Equal(HttpStatusCode.OK, shifted.StatusCode);
        var answer = JsonDocument.Parse(await shifted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((2L, 0, true), (answer.GetProperty("routingVersion").GetInt64(), answer.GetProperty("targetGreenPercent").GetInt32(), answer.GetProperty("changed").GetBoolean()));
        await Probe.Until(async () => (await Traffic(node)).GetProperty("routingVersion").GetInt64() == 2, TimeSpan.FromSeconds(30), "version 2 never reached the node");
        var after = (await Traffic(node)).GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cell").GetString() == "c1");
        Assert.Equal((0, 100, 0), (after.GetProperty("targetGreenPercent").GetInt32(), after.GetProperty("bluePercent").GetInt32(), after.GetProperty("shardsMoving").GetInt32()));
        Assert.False(after.TryGetProperty("note", out _), "blue hosts all of c1 as the table says");

        var history = await Admin(node, "/admin/traffic/history?cell=c1");
        var newest = history.GetProperty("versions")[0];
        Assert.Equal((2L, "deploy green"), (newest.GetProperty("version").GetInt64(), newest.GetProperty("reason").GetString()));
        Assert.Equal(("c1", "green %", "50", "0"), (newest.GetProperty("changes")[0].GetProperty("cell").GetString(), newest.GetProperty("changes")[0].GetProperty("what").GetString(),
            newest.GetProperty("changes")[0].GetProperty("from").GetString(), newest.GetProperty("changes")[0].GetProperty("to").GetString()));
        Assert.Equal(2, history.GetProperty("versions").GetArrayLength());   // and version 1, the topology's
        Assert.Equal(1, (await Admin(node, "/admin/traffic/history?cell=c2")).GetProperty("versions").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.SendAsync(AdminRequest("/admin/traffic/history?limit=0"))).StatusCode);
    }

    [Fact]
    public async Task An_operator_fails_a_cell_over_to_another_site_whose_epoch_fences_the_journal_and_every_refusal_changes_nothing()
    {
        // one process standing in site-a and site-b; site-c is in the topology with no node
        await using var node = await RouterNode.StartAsync(EmbeddedNodeOptions.Default(FreePort.Next(), _data) with
        {
            AdminToken = Token, AdminTokenGenerated = false, Sites = ["site-a", "site-b", "site-c"], Roles = ["router", "site-a", "site-b", "color-blue"],
        });
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000137\",\"type\":\"personal\"}");   // bucket 37: c1
        Assert.Equal(HttpStatusCode.OK, (await node.Post("/v1/topups", "{\"requestId\":\"t1\",\"accountId\":\"2088000000000137\",\"amount\":10000}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Post("/admin/traffic/c1/failover", "{\"toSite\":\"site-b\",\"replacesVersion\":1,\"force\":true}")).StatusCode);
        await AssertRefused(node, new[]
        {
            ("/admin/traffic/c1/failover", "{\"toSite\":\"site-z\",\"replacesVersion\":1}", HttpStatusCode.NotFound, "site_not_found"),
            ("/admin/traffic/c1/failover", "{\"toSite\":\"site-a\",\"replacesVersion\":1}", HttpStatusCode.Conflict, "already_active"),
            ("/admin/traffic/c1/failover", "{\"toSite\":\"site-c\",\"replacesVersion\":1,\"force\":true}", HttpStatusCode.Conflict, "site_not_live"),
            ("/admin/traffic/c1/failover", "{\"toSite\":\"site-b\",\"replacesVersion\":1}", HttpStatusCode.Conflict, "active_site_healthy"),
            ("/admin/traffic/c1/failover", "{\"toSite\":\"site-b\",\"replacesVersion\":7,\"force\":true}", HttpStatusCode.Conflict, "stale_version"),
            ("/admin/traffic/c1/failover", "{\"toSite\":\"site-b\",\"force\":true}", HttpStatusCode.BadRequest, "validation_error"),
            ("/admin/traffic/c9/failover", "{\"toSite\":\"site-b\",\"replacesVersion\":1,\"force\":true}", HttpStatusCode.NotFound, "cell_not_found"),
        });
        Assert.Equal(1, (await Traffic(node)).GetProperty("routingVersion").GetInt64());
        Assert.Equal(1, StoredEpoch("c1"));
        Assert.Equal(["site-a live c0 c1 c2 c3", "site-b live", "site-c down"], await Sites(node));

        var failedOver = await node.Http.SendAsync(AdminRequest(HttpMethod.Post, "/admin/traffic/c1/failover", "{\"toSite\":\"site-b\",\"replacesVersion\":1,\"force\":true,\"reason\":\"drill\"}"));
        Assert.Equal(HttpStatusCode.OK, failedOver.StatusCode);
        var answer = JsonDocument.Parse(await failedOver.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((2L, "site-a", "site-b", 2L), (answer.GetProperty("routingVersion").GetInt64(), answer.GetProperty("fromSite").GetString(),
            answer.GetProperty("site").GetString(), answer.GetProperty("epoch").GetInt64()));

        // the node holds c1's new epoch (it stands in site-b too) and raises the stored one at once; c1 serves on
        await Probe.Until(() => StoredEpoch("c1") == 2, TimeSpan.FromSeconds(30), "c1's journal never reached epoch 2");
        Assert.Equal(1, StoredEpoch("c2"));
        Assert.Equal(HttpStatusCode.OK, (await node.Post("/v1/topups", "{\"requestId\":\"t2\",\"accountId\":\"2088000000000137\",\"amount\":5000}")).StatusCode);
        Assert.Equal(15000, (await Admin(node, "/admin/accounts/2088000000000137")).GetProperty("balance").GetInt64());
        Assert.True((await Admin(node, "/admin/ledger/audit")).GetProperty("balanced").GetBoolean(), "money was created or lost across the failover");
        var c1 = (await Traffic(node)).GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cell").GetString() == "c1");
        Assert.Equal("site-b", c1.GetProperty("site").GetString());

        Assert.Equal(["site-a live c0 c2 c3", "site-b live c1", "site-c down"], await Sites(node));

        var newest = (await Admin(node, "/admin/traffic/history?cell=c1")).GetProperty("versions")[0];
        Assert.Equal("drill", newest.GetProperty("reason").GetString());
        Assert.Equal(["c1 site site-a → site-b", "c1 epoch 1 → 2"], newest.GetProperty("changes").EnumerateArray()
            .Select(change => $"{change.GetProperty("cell").GetString()} {change.GetProperty("what").GetString()} {change.GetProperty("from").GetString()} → {change.GetProperty("to").GetString()}"));
    }

    /// <summary>Each site of /admin/sites as "site live|down cells...", checking that its members are the node's.</summary>
    private static async Task<IEnumerable<string>> Sites(RouterNode node)
    {
        var sites = (await Admin(node, "/admin/sites")).GetProperty("sites").EnumerateArray().ToList();
        foreach (var site in sites)
            Assert.Equal(site.GetProperty("site").GetString() == "site-c" ? 0 : 1, site.GetProperty("nodes").GetArrayLength());
        return sites.Select(site => string.Join(" ", [site.GetProperty("site").GetString()!, site.GetProperty("live").GetBoolean() ? "live" : "down",
            .. site.GetProperty("activeCells").EnumerateArray().Select(cell => cell.GetString()!)]));
    }

    /// <summary>Posts each operator's request with the token and checks its status and problem code.</summary>
    private static async Task AssertRefused(RouterNode node, (string Path, string Body, HttpStatusCode Status, string Code)[] requests)
    {
        foreach (var (path, body, status, code) in requests)
        {
            var refused = await node.Http.SendAsync(AdminRequest(HttpMethod.Post, path, body));
            Assert.Equal(status, refused.StatusCode);
            Assert.Contains($"\"code\":\"{code}\"", await refused.Content.ReadAsStringAsync());
        }
    }

    private long StoredEpoch(string cell) => AkkaPay.Testing.StoredEpoch.Of(JournalOptions.SqliteFile(Path.Combine(_data, $"cell-{cell}.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
