namespace AkkaPay.Host.Tests;

/// <summary>
/// The tests that start a <see cref="ThreeProcessCluster"/> run one after another: three of them at once are nine
/// processes on a two-core machine, and a cell's first answer then outlasts the router's ask timeout.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ThreeProcessClustersCollection
{
    public const string Name = "three-process clusters";
}
