namespace AkkaPay.Domain.Routing;

/// <summary>One thing a new routing table version changed for one cell, written as operators read it.</summary>
/// <param name="What"><see cref="Buckets"/>, <see cref="Site"/>, <see cref="Epoch"/> or <see cref="GreenPercent"/>.</param>
public sealed record RoutingChange(string Cell, string What, string From, string To)
{
    public const string Buckets = "buckets";
    public const string Site = "site";
    public const string Epoch = "epoch";
    public const string GreenPercent = "green %";

    public override string ToString() => $"{Cell} {What} {From} → {To}";
}
