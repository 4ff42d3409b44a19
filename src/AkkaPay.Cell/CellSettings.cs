using AkkaPay.Domain.Money;

namespace AkkaPay.Cell;

/// <summary>What every entity of a cell needs to know, passed explicitly.</summary>
public sealed record CellSettings(
    string CellId,
    string JournalPluginId,
    string SnapshotPluginId,
    int SnapshotEvery,
    FeeRate MerchantFee,
    TimeSpan StepRetryInterval,
    TimeSpan CrossCellAnswerAfter,
    TimeSpan RemotePayeeCheckMax,
    TimeSpan FinishedPaymentIdleMax,
    TimeSpan SweepInterval,
    TimeProvider Clock);
