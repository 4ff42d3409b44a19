using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Domain.Tests;

/// <summary>
/// Runs payments through the domain rules the way a cell's payment actor does (debit, then credits, the fee
/// booked with the credit; a refused credit reverses what was booked), with every account in one dictionary.
/// </summary>
internal sealed class LedgerModel
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<AccountId, AccountState> _accounts = [];
    private readonly Dictionary<PaymentId, string?> _outcomes = [];

    public IEnumerable<AccountState> Accounts => _accounts.Values;

    public AccountState this[AccountId id] => _accounts.TryGetValue(id, out var state) ? state : AccountState.Initial(id);

    public void Open(AccountId id, AccountType type, Money.Currency currency)
    {
        var decision = this[id].DecideOpen(type, currency, At);
        if (decision.Event is { } opened) _accounts[id] = this[id].Apply(opened);
    }

    /// <returns>null when the payment succeeded, else the code that stopped it. A payment id seen before returns its first outcome.</returns>
    public string? Pay(PaymentId id, PaymentOrder order, long fee, bool viaTransit = false)
    {
        if (_outcomes.TryGetValue(id, out var first)) return first;
        return _outcomes[id] = Run(id, order, fee, viaTransit);
    }

    private string? Run(PaymentId id, PaymentOrder order, long fee, bool viaTransit)
    {
        var plan = PaymentLegs.Plan(id, order, fee, "trace", DateTimeOffset.UnixEpoch, viaTransit);
        string? creditRefused = null;
        foreach (var leg in plan)
        {
            if (creditRefused is not null && !PaymentLegs.BookedWithPrevious(leg)) break;
            if (Post(leg) is not { } refused) continue;
            if (PaymentLegs.Is(leg, PaymentLegs.Debit)) return refused;
            Assert.True(PaymentLegs.Is(leg, PaymentLegs.Credit), $"only the debit and the credit may be refused, not {leg.PostingId}");
            creditRefused = refused;
        }
        if (creditRefused is null) return null;
        foreach (var undo in PaymentLegs.Compensation(id, order, PaymentLegs.FeeBookedWithCredit(plan), "trace", DateTimeOffset.UnixEpoch, viaTransit)) Assert.Null(Post(undo));
        return creditRefused;
    }

    private string? Post(Posting posting)
    {
        switch (this[posting.Account].DecidePost(posting, At))
        {
            case PostOutcome.Book book:
                _accounts[posting.Account] = this[posting.Account].Apply(book.Event);
                return null;
            case PostOutcome.Refused refused:
                return refused.Why.Code;
            default:
                return null;
        }
    }
}
