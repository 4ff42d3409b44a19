using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace AkkaPay.Host.Tests;

/// <summary>
/// A stream of cross-cell transfers through the router, one lane per direction, each transfer with its own
/// requestId. Remembers what the router answered: acknowledged (2xx) or unknown (503 or a failed connection:
/// the payment may or may not exist). Funds are ample, so any other answer fails the run. Each lane sends as fast
/// as it is answered, or waits <paramref name="pause"/> between transfers (a long run must leave each account fewer
/// entries than one page shows, for the check that each is booked once). With <paramref name="resend"/>, a lane sends
/// a transfer whose outcome is unknown again with the same requestId, as a client of a payment API does, until it is
/// acknowledged (bounded, even after the stop): the write is idempotent, so it is booked once however often it is sent.
/// </summary>
public sealed class CrossCellTraffic(ThreeProcessCluster cluster, IReadOnlyList<string> cellA, IReadOnlyList<string> cellB,
    TimeSpan pause = default, bool resend = false)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ResendFor = TimeSpan.FromSeconds(60);

    public sealed record Transfer(string RequestId, string From, string To, long Amount)
    {
        public string PaymentId => $"{From}-{RequestId}";
    }

    private readonly ConcurrentDictionary<string, Transfer> _acknowledged = new();
    private readonly ConcurrentDictionary<string, Transfer> _unknown = new();
    private readonly ConcurrentDictionary<string, int> _acknowledgedByLane = new();
    private int _resent;

    public IReadOnlyCollection<Transfer> Acknowledged => [.. _acknowledged.Values];
    public IReadOnlyCollection<Transfer> Unknown => [.. _unknown.Values];

    public int AcknowledgedFrom(string lane) => _acknowledgedByLane.GetValueOrDefault(lane);

    /// <summary>How many times a transfer was sent again because its first answer left its outcome unknown.</summary>
    public int Resent => _resent;

    public const string AToB = "a-to-b";
    public const string BToA = "b-to-a";

    /// <summary>Runs both lanes until cancelled.</summary>
    public Task Run(CancellationToken stop) =>
        Task.WhenAll(Lane(AToB, cellA, cellB, stop), Lane(BToA, cellB, cellA, stop));

    private async Task Lane(string lane, IReadOnlyList<string> payers, IReadOnlyList<string> payees, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var transfer = new Transfer($"{lane}-{i}", payers[i % payers.Count], payees[(i / payers.Count) % payees.Count], 1 + i % 97);
            if (await Send(transfer) || (resend && await SendAgainUntilAcknowledged(transfer)))
            {
                _acknowledged[transfer.PaymentId] = transfer;
                _acknowledgedByLane.AddOrUpdate(lane, 1, (_, n) => n + 1);
                if (pause > TimeSpan.Zero) await Task.Delay(pause, CancellationToken.None);
            }
            else
            {
                _unknown[transfer.PaymentId] = transfer;
                await Task.Delay(RetryPause, CancellationToken.None);   // the payer's cell is down: do not spin
            }
        }
    }

    private async Task<bool> SendAgainUntilAcknowledged(Transfer transfer)
    {
        var until = DateTime.UtcNow + ResendFor;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(RetryPause, CancellationToken.None);
            Interlocked.Increment(ref _resent);
            if (await Send(transfer)) return true;
        }
        return false;
    }

    /// <returns>True when acknowledged, false when the outcome is unknown.</returns>
    private async Task<bool> Send(Transfer transfer)
    {
        try
        {
            using var response = await cluster.Post("/v1/transfers",
                $$"""{"requestId":"{{transfer.RequestId}}","from":"{{transfer.From}}","to":"{{transfer.To}}","amount":{{transfer.Amount}}}""");
            if (response.IsSuccessStatusCode) return true;
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            // cell_unavailable is answered at once when no node of the cell is reachable (nothing sent), or after the
            // ask timed out (sent, fate unknown); only the payment's own record can tell them apart later.
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return false;
            throw new InvalidOperationException($"transfer {transfer.PaymentId} refused unexpectedly: {problem}");
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
