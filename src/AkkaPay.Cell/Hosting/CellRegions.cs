namespace AkkaPay.Cell.Hosting;

/// <summary>Keys of a cell's shard regions in the actor registry.</summary>
public sealed class AccountRegion;

public sealed class PaymentRegion;
