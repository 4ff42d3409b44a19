using AkkaPay.Cell.Persistence;

namespace AkkaPay.Cell.Hosting;

/// <summary>Everything one cell needs, stated at the call site rather than left to library defaults.</summary>
public sealed record CellOptions(string CellId, JournalOptions Journal)
{
    public int SnapshotEvery { get; init; } = 100;
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.FromMinutes(2);
    public int MerchantFeeBasisPoints { get; init; } = 60;
    public TimeSpan StepRetryInterval { get; init; } = TimeSpan.FromSeconds(3);

    public string Role => CellNames.Role(CellId);
    public string AccountRegionName => CellNames.AccountRegion(CellId);
    public string PaymentRegionName => CellNames.PaymentRegion(CellId);
}
