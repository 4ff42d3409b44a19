using System.Collections.Concurrent;

namespace AkkaPay.Load;

/// <summary>
/// One request of the run: its flow, what to POST, the payment it names, the cells it touches (the payer's first)
/// and, for a merchant payment, what a refund may take back.
/// </summary>
public sealed record LoadRequest(Flow Flow, string Path, string Json, string PaymentId, IReadOnlyList<string> Cells, Refundable? Paid = null);

/// <summary>A merchant payment that a later refund may name, and the cells a refund of it touches (the merchant's first).</summary>
public sealed record Refundable(string PaymentId, string Merchant, long Amount, IReadOnlyList<string> Cells);

/// <summary>
/// Makes the requests of a run from the mix: random accounts and amounts (small next to the funding, so refusals
/// for funds are rare), refunds of merchant payments that succeeded, and replays of requests already sent (same
/// requestId and body: the same answer, nothing applied twice). Remembers every acknowledged payment.
/// </summary>
public sealed class Workload
{
    private const int ReplayMemory = 1_000;

    private readonly AccountSet _accounts;
    private readonly FlowMix _mix;
    private readonly string _runId;
    private readonly Random _random;
    private readonly Dictionary<string, LoadAccount[]> _byCell;
    /// <summary>Per cell, the personal accounts of every other cell: built once, not for every cross-cell transfer.</summary>
    private readonly Dictionary<string, LoadAccount[]> _outsideCell;
    private readonly ConcurrentQueue<Refundable> _refundable = new();
    private readonly LoadRequest?[] _sent = new LoadRequest?[ReplayMemory];
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new();
    private long _count;

    public Workload(AccountSet accounts, FlowMix mix, string runId, int seed)
    {
        _accounts = accounts;
        _mix = mix;
        _runId = runId;
        _random = new Random(seed);
        _byCell = accounts.Personal.GroupBy(a => a.Cell).ToDictionary(g => g.Key, g => g.ToArray());
        _outsideCell = _byCell.Keys.ToDictionary(cell => cell, cell => _byCell.Where(c => c.Key != cell).SelectMany(c => c.Value).ToArray());
    }

    /// <summary>Every payment that got a 2xx, by id.</summary>
    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    /// <summary>The next request; called by the scheduling loop only (one thread).</summary>
    public LoadRequest Next()
    {
        var n = _count++;
        var requestId = $"{_runId}-{n}";
        var request = Make(_mix.Pick(_random), requestId);
        _sent[n % ReplayMemory] = request;
        return request;
    }

    private LoadRequest Make(Flow flow, string requestId)
    {
        switch (flow)
        {
            case Flow.TopUp:
            {
                var account = Any(_accounts.Personal);
                return new(flow, "/v1/topups", $$"""{"requestId":"{{requestId}}","accountId":"{{account.Id}}","amount":{{Amount(10_000)}}}""", $"{account.Id}-{requestId}", [account.Cell]);
            }
            case Flow.IntraCellTransfer or Flow.CrossCellTransfer:
            {
                var from = Any(_accounts.Personal);
                var candidates = flow == Flow.IntraCellTransfer || _byCell.Count == 1 ? _byCell[from.Cell] : _outsideCell[from.Cell];
                var to = Any(candidates);
                if (to.Id == from.Id) return Make(Flow.TopUp, requestId);
                return new(flow, "/v1/transfers", $$"""{"requestId":"{{requestId}}","from":"{{from.Id}}","to":"{{to.Id}}","amount":{{Amount(1_000)}}}""", $"{from.Id}-{requestId}", Cells(from, to));
            }
            case Flow.MerchantPayment or Flow.HotMerchantPayment:
            {
                var payer = Any(_accounts.Personal);
                var merchant = flow == Flow.HotMerchantPayment ? _accounts.HotMerchant : Any(_accounts.Merchants);
                var amount = Amount(5_000);
                var paymentId = $"{payer.Id}-{requestId}";
                return new(flow, "/v1/payments", $$"""{"requestId":"{{requestId}}","payer":"{{payer.Id}}","merchant":"{{merchant.Id}}","amount":{{amount}}}""", paymentId,
                    Cells(payer, merchant), new Refundable(paymentId, merchant.Id, amount, Cells(merchant, payer)));
            }
            case Flow.Refund when _refundable.TryDequeue(out var paid):
                return new(flow, "/v1/refunds", $$"""{"requestId":"{{requestId}}","paymentId":"{{paid.PaymentId}}","amount":{{Math.Max(1, paid.Amount / 2)}}}""", $"{paid.Merchant}-{requestId}", paid.Cells);
            case Flow.Refund:
                return Make(Flow.MerchantPayment, requestId);   // nothing to refund yet
            case Flow.Withdrawal:
            {
                var account = Any(_accounts.Personal);
                return new(flow, "/v1/withdrawals", $$"""{"requestId":"{{requestId}}","accountId":"{{account.Id}}","amount":{{Amount(1_000)}}}""", $"{account.Id}-{requestId}", [account.Cell]);
            }
            case Flow.Replay when _sent[_random.Next(ReplayMemory)] is { } earlier:
                return earlier with { Flow = Flow.Replay, Paid = null };   // its first answer already made it refundable
            default:
                return Make(Flow.TopUp, requestId);   // nothing sent yet to replay
        }
    }

    /// <summary>What the router answered to a request: acknowledged payments are remembered, succeeded merchant payments become refundable.</summary>
    public void Observe(LoadRequest request, Answer answer)
    {
        if (!answer.Ok) return;
        _acknowledged.TryAdd(request.PaymentId, 0);
        if (request.Paid is { } paid && answer.Body.GetProperty("status").GetString() == "succeeded") _refundable.Enqueue(paid);
    }

    private static string[] Cells(LoadAccount payer, LoadAccount payee) => payer.Cell == payee.Cell ? [payer.Cell] : [payer.Cell, payee.Cell];

    private LoadAccount Any(IReadOnlyList<LoadAccount> accounts) => accounts[_random.Next(accounts.Count)];

    private long Amount(int most) => 1 + _random.Next(most);
}
