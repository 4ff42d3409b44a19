namespace AkkaPay.Api.Contracts;

// Wire shapes of the public API. Unknown or missing fields are refused by ApiJsonContext's options.

public sealed record CreateAccountRequest
{
    public required string AccountId { get; init; }
    public required string Type { get; init; }
    public string? Currency { get; init; }
    public bool? Hot { get; init; }
    public int? SubAccounts { get; init; }
}

/// <summary>A top-up or a withdrawal: money between one account and a channel.</summary>
public sealed record ChannelMovementRequest
{
    public required string RequestId { get; init; }
    public required string AccountId { get; init; }
    public required long Amount { get; init; }
    public string? Channel { get; init; }
}

public sealed record TransferRequest
{
    public required string RequestId { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required long Amount { get; init; }
    public string? Currency { get; init; }
}

public sealed record MerchantPaymentRequest
{
    public required string RequestId { get; init; }
    public required string Payer { get; init; }
    public required string Merchant { get; init; }
    public required long Amount { get; init; }
    public string? OrderId { get; init; }
}

public sealed record RefundRequest
{
    public required string RequestId { get; init; }
    public required string PaymentId { get; init; }
    public required long Amount { get; init; }
}

/// <summary>An operator makes an account hot, or changes its number of sub-accounts.</summary>
public sealed record MakeHotRequest
{
    public required int SubAccounts { get; init; }
}

/// <summary>An operator's failover of a cell to another site, and the routing table version it replaces.</summary>
/// <param name="Force">Fail over although the active site still has a live node, or the target's journal copy is not known to be caught up.</param>
public sealed record TrafficFailoverRequest
{
    public required string ToSite { get; init; }
    public required long ReplacesVersion { get; init; }
    public string? Reason { get; init; }
    public bool Force { get; init; }
}

/// <summary>An operator's shift of a cell's traffic: green's new share, and the routing table version it replaces.</summary>
public sealed record TrafficShiftRequest
{
    public required int GreenPercent { get; init; }
    public required long ReplacesVersion { get; init; }
    public string? Reason { get; init; }
}
