using Akka;
using Akka.Actor;
using Akka.Configuration;
using AkkaPay.Cell.Persistence;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AkkaPay.Benchmarks;

/// <summary>
/// The SQLite journal's ceiling, Akka.Persistence.Sql against the group-commit journal: 1,000 live persistent
/// actors each persisting 4 small events one after another, on a SQLite file in WAL mode with synchronous FULL.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GroupJournalBenchmarks
{
    private const int Writers = 1_000;
    private const int EventsPerWriter = 4;

    private string _folder = "";
    private ActorSystem _system = null!;
    private IActorRef[] _writers = [];

    [Params("persistence-sql", "group-commit")]
    public string Journal { get; set; } = "group-commit";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("akkapay-journal-bench-").FullName;
        var file = Path.Combine(_folder, "journal.db");
        SqliteJournalFile.Prepare(JournalOptions.SqliteFile(file).ConnectionString);
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.serializers.akkapay = "AkkaPay.Cell.Serialization.AkkaPaySerializer, AkkaPay.Cell"
            akka.actor.serialization-bindings { "AkkaPay.Domain.Payments.PaymentEvent, AkkaPay.Domain" = akkapay }
            akka.persistence.journal.group {
              class = "AkkaPay.Cell.Persistence.GroupCommit.SqliteGroupJournal, AkkaPay.Cell"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = "Data Source={{file}};Pooling=True"
            }
            """).WithFallback(CellPersistenceConfig.For("c0", JournalOptions.SqliteFile(file)));
        _system = ActorSystem.Create("journal-bench", config.WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration));
        var plugin = Journal == "group-commit" ? "akka.persistence.journal.group" : CellPersistenceConfig.JournalPluginId("c0");
        _writers = [.. Enumerable.Range(0, Writers).Select(i => _system.ActorOf(Props.Create(() => new EventWriter($"bench-writer-{i}", plugin))))];
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _system.Terminate();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Writers * EventsPerWriter)]
    public Task DurableEvent() => Task.WhenAll(_writers.Select(writer => writer.Ask<Done>(EventsPerWriter, TimeSpan.FromMinutes(2))));
}
