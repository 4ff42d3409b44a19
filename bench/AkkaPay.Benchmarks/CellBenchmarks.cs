using Akka;
using Akka.Actor;
using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Payments;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AkkaPay.Benchmarks;

/// <summary>
/// One cell on a real journal. Each invocation sends a batch concurrently and waits for every durable
/// answer; BenchmarkDotNet reports the time per operation, so operations/s = 1 s / mean.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CellBenchmarks
{
    private const int Writers = 1_000;
    private const int EventsPerWriter = 4;
    private const int Accounts = 200;
    private const int TransfersPerBatch = 1_000;

    private readonly BenchmarkJournal _journal = new();
    private CellNode _node = null!;
    private AccountId[] _accounts = [];
    private IActorRef[] _writers = [];
    private int _round;

    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    [GlobalSetup]
    public async Task Setup()
    {
        _node = await CellNode.StartAsync(await _journal.CreateAsync(Backend));
        _accounts = Enumerable.Range(0, Accounts).Select(i => AccountId.Parse($"20880000{i:000000}{i % 100:00}")).ToArray();
        foreach (var account in _accounts)
        {
            await _node.Ask<object>(new Cell.Accounts.OpenAccount(account, AccountType.Personal, Currency.Cny, "bench"));
            await Pay(PaymentId.For(account, "fund"), PaymentOrder.TopUp(account, 1_000_000_000, Currency.Cny, null));
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _node.DisposeAsync();
        await _journal.DisposeAsync();
    }

    /// <summary>1,000 live persistent actors each persisting 4 small events one after another (recovered once, in warm-up).</summary>
    [Benchmark(OperationsPerInvoke = Writers * EventsPerWriter)]
    public Task DurableEvent()
    {
        if (_writers.Length == 0)
        {
            var plugin = CellPersistenceConfig.JournalPluginId(_node.Hosted[0].CellId);
            _writers = Enumerable.Range(0, Writers)
                .Select(i => _node.System.ActorOf(Props.Create(() => new EventWriter($"bench-writer-{i}", plugin))))
                .ToArray();
        }
        return Task.WhenAll(_writers.Select(writer => writer.Ask<Done>(EventsPerWriter, TimeSpan.FromMinutes(2))));
    }

    /// <summary>1,000 concurrent transfers between 200 accounts of one cell, each answered after its last journal write.</summary>
    [Benchmark(OperationsPerInvoke = TransfersPerBatch)]
    public Task IntraCellTransfer()
    {
        var round = Interlocked.Increment(ref _round);
        return Task.WhenAll(Enumerable.Range(0, TransfersPerBatch).Select(i =>
        {
            var from = _accounts[i % Accounts];
            var to = _accounts[(i * 7 + 1) % Accounts];
            if (from == to) to = _accounts[(i + 1) % Accounts];
            return Pay(PaymentId.For(from, $"b{round}-{i}"), PaymentOrder.Transfer(from, to, 1, Currency.Cny));
        }));
    }

    private async Task Pay(PaymentId id, PaymentOrder order)
    {
        var outcome = await _node.Ask<PaymentOutcome>(new StartPayment(id, order, "bench"));
        if (outcome.Status != PaymentStatus.Succeeded) throw new InvalidOperationException($"{id}: {outcome.Failure}");
    }
}
