using System.Text.Json.Serialization;
using AkkaPay.Chaos.Checking;
using AkkaPay.Chaos.Faults;

namespace AkkaPay.Chaos;

/// <summary>Everything a chaos run did and found: what summary.json holds and the report shows.</summary>
/// <param name="Anomalies">Broken invariants, each with the fault windows around its requests.</param>
/// <param name="Cpus">Where the cells computed: "c0 on CPU 0, c1 on CPU 1", or "shared".</param>
/// <param name="IsolationBreaches">Faults during which the healthy cells' p99 went past <see cref="Isolation.Budget"/> times their p99 with no fault.</param>
public sealed record ChaosSummary(
    DateTimeOffset StartedAt,
    string Topology,
    int Seed,
    double DurationSeconds,
    double RatePerSecond,
    string Cpus,
    IReadOnlyDictionary<string, int> FaultsByKind,
    long Requests,
    long Acknowledged,
    long Refused,
    long Unknown,
    IReadOnlyList<FaultWindow> Faults,
    IReadOnlyList<IsolationRow> Isolation,
    int IsolationBreaches,
    IReadOnlyList<AnomalyReport> Anomalies);

/// <summary>An anomaly and the faults whose windows lie around its requests (within <see cref="ChaosReport.AroundMs"/>).</summary>
public sealed record AnomalyReport(Anomaly Anomaly, IReadOnlyList<int> FaultsAround);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ChaosSummary))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext;

/// <summary>One line of history.jsonl per request: compact.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Attempt))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
