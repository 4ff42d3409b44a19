using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AkkaPay.Host.Tests;

/// <summary>What every test with cross-cell traffic proves at the end, asked of the router: payments settled, each booked once, the ledger balanced.</summary>
public static class LedgerChecks
{
    /// <summary>Every acknowledged payment has succeeded and the audit finds no money in transit.</summary>
    public static async Task<bool> IsQuiet(ThreeProcessCluster cluster, IEnumerable<CrossCellTraffic.Transfer> acknowledged)
    {
        var audit = await cluster.Audit();
        if (!audit.TryGetProperty("inTransit", out var inTransit) || inTransit.GetInt64() != 0) return false;
        foreach (var transfer in acknowledged)
            if (await StatusOf(cluster, transfer.PaymentId) != "succeeded") return false;
        return true;
    }

    /// <returns>The payment's status, or null when the router says it does not exist.</returns>
    public static async Task<string?> StatusOf(ThreeProcessCluster cluster, string paymentId)
    {
        using var response = await cluster.Router.Http.GetAsync($"/v1/payments/{paymentId}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode ? body.GetProperty("status").GetString() : $"HTTP {(int)response.StatusCode}: {body}";
    }

    /// <summary>
    /// Each account's balance is its funding plus what the applied transfers (acknowledged, and those with an
    /// unknown answer that did succeed) moved, each booked exactly once; the audit is balanced with nothing in transit.
    /// </summary>
    /// <returns>The transfers applied.</returns>
    public static async Task<IReadOnlyList<CrossCellTraffic.Transfer>> AssertBookedOnceAndBalanced(
        ThreeProcessCluster cluster, CrossCellTraffic traffic, IEnumerable<string> accounts, long funding)
    {
        var applied = traffic.Acknowledged.ToList();
        foreach (var unknown in traffic.Unknown)
        {
            var status = await StatusOf(cluster, unknown.PaymentId);
            Assert.True(status is "succeeded" or null, $"{unknown.PaymentId} with an unknown answer ended {status}");
            if (status == "succeeded") applied.Add(unknown);
        }
        foreach (var account in accounts)
        {
            var expected = funding + applied.Where(t => t.To == account).Sum(t => t.Amount) - applied.Where(t => t.From == account).Sum(t => t.Amount);
            Assert.Equal(expected, await Balance(cluster, account));
            var booked = await EntriesByPayment(cluster, account);
            foreach (var transfer in applied.Where(t => t.From == account || t.To == account))
                Assert.True(booked.GetValueOrDefault(transfer.PaymentId) == 1, $"{transfer.PaymentId} booked {booked.GetValueOrDefault(transfer.PaymentId)} times on {account}");
        }
        var audit = await cluster.Audit();
        Assert.True(audit.GetProperty("balanced").GetBoolean(), audit.ToString());
        Assert.Equal(0, audit.GetProperty("inTransit").GetInt64());
        Assert.Empty(audit.GetProperty("unavailableCells").EnumerateArray());
        Assert.All(audit.GetProperty("cells").EnumerateArray(), cell => Assert.Empty(cell.GetProperty("customersBelowZero").EnumerateArray()));
        return applied;
    }

    private static async Task<long> Balance(ThreeProcessCluster cluster, string account) =>
        (await cluster.Router.Http.GetFromJsonAsync<JsonElement>($"/v1/accounts/{account}")).GetProperty("balance").GetInt64();

    private const int EntriesPageMax = 1000;

    private static async Task<Dictionary<string, int>> EntriesByPayment(ThreeProcessCluster cluster, string account)
    {
        var entries = (await cluster.Router.Http.GetFromJsonAsync<JsonElement>($"/v1/accounts/{account}/entries?limit={EntriesPageMax}")).GetProperty("entries");
        // a full page may have cut off older entries: the check would see payments booked 0 times that are not
        Assert.True(entries.GetArrayLength() < EntriesPageMax, $"{account} has {EntriesPageMax} entries or more: send less traffic, or over more accounts");
        return entries.EnumerateArray().GroupBy(entry => entry.GetProperty("paymentId").GetString()!).ToDictionary(g => g.Key, g => g.Count());
    }
}
