using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Tests;

/// <summary>
/// Every account runs on a thread of its own, and an entry log's versions may only be appended to from one thread.
/// Accounts that start together must therefore not start from one shared empty log.
/// </summary>
public class EntryLogIsolationTests
{
    private const int Accounts = 4;
    private const int EntriesEach = 50;
    private static readonly DateTimeOffset At = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Accounts_starting_at_once_on_many_threads_each_book_into_a_log_of_their_own()
    {
        for (var round = 0; round < 100; round++)
        {
            using var start = new Barrier(Accounts);
            var logs = await Task.WhenAll(Enumerable.Range(0, Accounts).Select(account => Task.Run(() =>
            {
                var log = AccountState.Initial(AccountId.Parse($"20880000000001{account:D2}")).Entries;
                start.SignalAndWait();
                for (var n = 0; n < EntriesEach; n++) log = log.Append(new AccountEntry($"a{account}-{n}", $"pay{n}", 1, n + 1, At));
                return log;
            })));

            for (var account = 0; account < Accounts; account++)
            {
                Assert.Equal(EntriesEach, logs[account].Count);
                Assert.Equal(Enumerable.Range(0, EntriesEach).Select(n => $"a{account}-{n}"), logs[account].Recent.Select(entry => entry.PostingId));
                foreach (var other in Enumerable.Range(0, Accounts).Where(other => other != account))
                    Assert.False(logs[account].TryFind($"a{other}-0", out _));
            }
        }
    }
}
