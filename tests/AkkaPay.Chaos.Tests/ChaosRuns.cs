namespace AkkaPay.Chaos.Tests;

/// <summary>Chaos runs one at a time: each has the two cores to itself, as its faults' timing assumes.</summary>
[CollectionDefinition(Collection)]
public sealed class ChaosRuns
{
    public const string Collection = "chaos runs";
}
