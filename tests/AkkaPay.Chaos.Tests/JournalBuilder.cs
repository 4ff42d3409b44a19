using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Payments;
using AkkaPay.Chaos.Checking;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Chaos.Tests;

/// <summary>Builds the journals a run could leave: accounts, their postings (balances chained unless told otherwise), payments.</summary>
internal sealed class JournalBuilder
{
    public const string Alice = "2088000000000137";
    public const string Bob = "2088000000000242";
    private static readonly DateTimeOffset At = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, List<StoredEvent>> _streams = [];
    private readonly Dictionary<string, long> _balances = [];

    public static AccountId Channel(string account) => InternalAccounts.ChannelClearing(Currency.Cny, AccountId.Parse(account).Bucket);

    public static AccountId Transit(string account) => InternalAccounts.InTransit(Currency.Cny, AccountId.Parse(account).Bucket);

    public IReadOnlyList<StoredStream> Streams => [.. _streams.Select(s => new StoredStream("c0", s.Key, s.Value))];

    public JournalBuilder Open(string account, AccountType type = AccountType.Personal) =>
        Append(AccountActor.PersistenceIdPrefix + account, new AccountOpened(AccountId.Parse(account), type, Currency.Cny, At));

    /// <param name="balanceAfter">What the entry says the balance became; by default the last one plus the amount.</param>
    public JournalBuilder Post(string account, string paymentId, LegKind leg, long amount, long? balanceAfter = null, string writer = "w1")
    {
        var after = balanceAfter ?? _balances.GetValueOrDefault(account) + amount;
        _balances[account] = after;
        return Append(AccountActor.PersistenceIdPrefix + account, new AccountPosted(new AccountEntry($"{paymentId}/{leg.PostingName()}", paymentId, amount, after, At), "t"), writer);
    }

    public JournalBuilder Initiate(string paymentId, PaymentOrder order) =>
        Append(PaymentActor.PersistenceIdPrefix + paymentId, new PaymentInitiated(paymentId, order, 0, "t", At));

    public JournalBuilder Succeed(string paymentId) => Append(PaymentActor.PersistenceIdPrefix + paymentId, new PaymentSucceeded(At));

    public JournalBuilder Fail(string paymentId, string code) => Append(PaymentActor.PersistenceIdPrefix + paymentId, new PaymentFailed(code, "", At));

    /// <summary>A top-up of <paramref name="amount"/> to the account from its channel, wholly booked.</summary>
    public JournalBuilder TopUp(string paymentId, string account, long amount) =>
        Initiate(paymentId, PaymentOrder.TopUp(AccountId.Parse(account), amount, Currency.Cny, null))
            .Post(Channel(account).Value, paymentId, LegKind.Debit, -amount)
            .Post(account, paymentId, LegKind.Credit, amount)
            .Succeed(paymentId);

    /// <summary>A transfer wholly booked.</summary>
    public JournalBuilder Transfer(string paymentId, string from, string to, long amount) =>
        Initiate(paymentId, PaymentOrder.Transfer(AccountId.Parse(from), AccountId.Parse(to), amount, Currency.Cny))
            .Post(from, paymentId, LegKind.Debit, -amount)
            .Post(to, paymentId, LegKind.Credit, amount)
            .Succeed(paymentId);

    /// <summary>Any event, at the next sequence number of the stream, by the writer given.</summary>
    public JournalBuilder Append(string persistenceId, object @event, string writer = "w1")
    {
        var stream = _streams.TryGetValue(persistenceId, out var known) ? known : _streams[persistenceId] = [];
        stream.Add(new StoredEvent(stream.Count + 1, writer, @event));
        return this;
    }

    /// <summary>A row at a sequence number of one's choosing (a gap).</summary>
    public JournalBuilder AppendAt(string persistenceId, long sequenceNr, object @event)
    {
        _streams[persistenceId].Add(new StoredEvent(sequenceNr, "w1", @event));
        return this;
    }

    public static Attempt Answered(string paymentId, int status = 200, string? code = null, string? paymentStatus = "succeeded", bool replay = false, double at = 1_000) =>
        new($"r-{paymentId}", paymentId, "intra", ["c0"], at - 10, at, status, code, status < 300 ? paymentStatus : null, replay);
}
