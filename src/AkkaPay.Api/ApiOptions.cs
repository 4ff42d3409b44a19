namespace AkkaPay.Api;

/// <summary>The unit router's HTTP settings.</summary>
public sealed record ApiOptions
{
    /// <summary>The operator token that /admin/... requires (as "Authorization: Bearer &lt;token&gt;").</summary>
    public required string AdminToken { get; init; }

    /// <summary>The topology's sites: the ones a cell may fail over to.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>How long a request waits for its cell before answering 503 cell_unavailable.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the first attempt of an ask waits before the request is sent again (a message lost while its shard moved).</summary>
    public TimeSpan AskAttemptTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public int EntriesLimitDefault { get; init; } = 20;
    public int EntriesLimitMax { get; init; } = 1000;

    /// <summary>How many accounts' currencies the router remembers for payments (<see cref="AccountCurrencies"/>).</summary>
    public int KnownCurrenciesMax { get; init; } = 100_000;
}
