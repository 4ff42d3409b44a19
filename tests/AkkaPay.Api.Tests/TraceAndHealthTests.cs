using System.Net;
using System.Text.RegularExpressions;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

[Collection(JournalsCollection.Name)]
public partial class TraceAndHealthTests(JournalBackend journals)
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public async Task A_callers_trace_id_is_kept_returned_and_stored_in_the_payment()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        await node.Post("/v1/accounts", "{\"accountId\":\"2088000000000137\",\"type\":\"personal\"}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/topups")
        {
            Content = new StringContent("{\"requestId\":\"t1\",\"accountId\":\"2088000000000137\",\"amount\":5}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");

        var response = await node.Http.SendAsync(request);

        Assert.Equal(TraceId, response.Headers.GetValues("trace-id").Single());
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-01$", response.Headers.GetValues("traceparent").Single());
        var payment = (await node.GetJson("/v1/payments/2088000000000137-t1")).Body;
        Assert.Equal(TraceId, payment.GetProperty("traceId").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")]
    public async Task Without_a_valid_traceparent_a_new_trace_id_is_made_and_returned_on_errors_too(string? traceparent)
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/accounts/2088000000000999");
        if (traceparent is not null) request.Headers.TryAddWithoutValidation("traceparent", traceparent);

        var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var traceId = response.Headers.GetValues("trace-id").Single();
        Assert.Matches(HexTraceId(), traceId);
        Assert.NotEqual("00000000000000000000000000000000", traceId);
        Assert.Contains($"\"traceId\":\"{traceId}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_running_node_is_live_and_ready()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_with_problem_details()
    {
        await using var node = await RouterNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        var missing = await node.Http.GetAsync("/v2/nothing");
        var wrongMethod = await node.Http.DeleteAsync("/v1/accounts/2088000000000137");
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (missing.StatusCode, missing.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Contains("\"code\":\"method_not_allowed\"", await wrongMethod.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexTraceId();
}
