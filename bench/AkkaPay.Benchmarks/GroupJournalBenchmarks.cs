using Akka;
using Akka.Actor;
using Akka.Configuration;
using AkkaPay.Cell.Persistence;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AkkaPay.Benchmarks;

/// <summary>
/// The journal's ceiling, Akka.Persistence.Sql against the group-commit journal: 1,000 live persistent actors each
/// persisting 4 small events one after another, on a SQLite file (WAL, synchronous FULL) or a PostgreSQL server.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GroupJournalBenchmarks
{
    private const int Writers = 1_000;
    private const int EventsPerWriter = 4;
    private const string PluginId = "akka.persistence.journal.bench";

    private readonly BenchmarkJournal _journal = new();
    private ActorSystem _system = null!;
    private IActorRef[] _writers = [];

    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    [Params("persistence-sql", "group-commit")]
    public string Journal { get; set; } = "group-commit";

    [GlobalSetup]
    public async Task Setup()
    {
        var journal = await _journal.CreateAsync(Backend);
        if (journal.Provider == JournalProvider.Sqlite) SqliteJournalFile.Prepare(journal.ConnectionString);
        var plugin = Journal == "group-commit"
            ? $"""
              class = "AkkaPay.Cell.Persistence.GroupCommit.GroupCommitJournal, AkkaPay.Cell"
              provider = {journal.Provider}
              """
            : $"""
              class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
              provider-name = "{journal.ProviderName}"
              auto-initialize = true
              batch-size = 100
              parallelism = 3
              tag-write-mode = TagTable
              """;
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.serializers.akkapay = "AkkaPay.Cell.Serialization.AkkaPaySerializer, AkkaPay.Cell"
            akka.actor.serialization-bindings { "AkkaPay.Domain.Payments.PaymentEvent, AkkaPay.Domain" = akkapay }
            {{PluginId}} {
              {{plugin}}
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = "{{journal.ConnectionString}}"
            }
            """);
        _system = ActorSystem.Create("journal-bench", config.WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration));
        _writers = [.. Enumerable.Range(0, Writers).Select(i => _system.ActorOf(Props.Create(() => new EventWriter($"bench-writer-{i}", PluginId))))];
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _system.Terminate();
        await _journal.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Writers * EventsPerWriter)]
    public Task DurableEvent() => Task.WhenAll(_writers.Select(writer => writer.Ask<Done>(EventsPerWriter, TimeSpan.FromMinutes(2))));
}
