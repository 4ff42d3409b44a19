using System.Collections.Concurrent;
using System.Diagnostics;
using AkkaPay.Cell.Accounts;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Testing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AkkaPay.Benchmarks;

/// <summary>
/// Credits from many payers into one merchant: 200 senders, each sending the credit leg of a payment (as the
/// payment actor does) and waiting for its durable answer before the next. SubAccounts = 0 is the merchant not
/// hot: one actor, one journal stream. BenchmarkDotNet reports time per credit (credits/s = 1 s / mean); the
/// latency of each credit is collected too and its p50/p99 printed at the end of each case.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class HotMerchantBenchmarks
{
    private const int Senders = 200;
    private const int CreditsPerSender = 10;
    private static readonly AccountId Merchant = AccountId.Parse("2088000000000399");

    private readonly BenchmarkJournal _journal = new();
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private CellNode _node = null!;
    private int _round;

    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    [Params(0, 4, 16, 64)]
    public int SubAccounts { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _node = await CellNode.StartAsync(await _journal.CreateAsync(Backend));
        await _node.Ask<AccountView>(new OpenAccount(Merchant, AccountType.Merchant, Currency.Cny, "bench", SubAccounts));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        var sorted = _latenciesMs.Order().ToArray();
        Console.WriteLine($"// hot-merchant latency {Backend} N={SubAccounts}: p50 {Percentile(sorted, 0.50):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms over {sorted.Length} credits");
        await _node.DisposeAsync();
        await _journal.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Senders * CreditsPerSender)]
    public Task Credit()
    {
        var round = Interlocked.Increment(ref _round);
        return Task.WhenAll(Enumerable.Range(0, Senders).Select(async sender =>
        {
            for (var i = 0; i < CreditsPerSender; i++)
            {
                var paymentId = $"20880000{sender:000000}10-b{round}x{i}";
                var started = Stopwatch.GetTimestamp();
                var answer = await _node.Ask<object>(new PostToAccount(new Posting($"{paymentId}/credit", paymentId, Merchant, 100, Currency.Cny, "bench", DateTimeOffset.UtcNow)));
                if (answer is not Posted) throw new InvalidOperationException($"credit {paymentId}: {answer}");
                _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
}
