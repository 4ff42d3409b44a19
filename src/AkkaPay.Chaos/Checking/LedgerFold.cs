using AkkaPay.Cell.Accounts;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Ledger;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Chaos.Checking;

/// <summary>A payment as its own stream left it.</summary>
public sealed record PaymentFate(string PaymentId, PaymentStatus Status, PaymentOrder? Order);

/// <summary>
/// Every cell's journal folded into what the checks read: each ledger's entries in booking order (an account's, or
/// a hot account's sub-account's: "main/index"), each payment's fate, and the cells' sums.
/// </summary>
public sealed class LedgerFold
{
    private readonly Dictionary<string, List<AccountEntry>> _ledgers = [];
    private readonly Dictionary<string, PaymentFate> _payments = [];

    private LedgerFold()
    {
    }

    public IReadOnlyDictionary<string, List<AccountEntry>> Ledgers => _ledgers;

    public IReadOnlyDictionary<string, PaymentFate> Payments => _payments;

    public LedgerSummary Summary { get; } = new();

    public static string SubAccountLedger(AccountId main, int index) => $"{main}/{index}";

    public static LedgerFold Of(IEnumerable<StoredStream> streams)
    {
        var fold = new LedgerFold();
        foreach (var stream in streams)
        {
            if (stream.PersistenceId.StartsWith(AccountActor.PersistenceIdPrefix, StringComparison.Ordinal))
                fold.AddAccount(AccountId.Parse(stream.PersistenceId[AccountActor.PersistenceIdPrefix.Length..]), stream);
            else if (stream.PersistenceId.StartsWith(SubAccountNames.PersistencePrefix, StringComparison.Ordinal))
                fold.AddSubAccount(SubAccountNames.ParsePersistenceId(stream.PersistenceId), stream);
            else
                fold.AddPayment(stream);
        }
        return fold;
    }

    private void AddAccount(AccountId account, StoredStream stream)
    {
        var entries = Ledger(account.Value);
        foreach (var accountEvent in stream.Events.Select(e => e.Event).OfType<AccountEvent>())
        {
            Summary.Add(account, accountEvent);
            if (accountEvent is AccountPosted posted) entries.Add(posted.Entry);
            if (accountEvent is AccountSweptIn swept) entries.Add(swept.Entry);
        }
    }

    private void AddSubAccount((AccountId Main, int Index) subAccount, StoredStream stream)
    {
        var entries = Ledger(SubAccountLedger(subAccount.Main, subAccount.Index));
        foreach (var subAccountEvent in stream.Events.Select(e => e.Event).OfType<SubAccountEvent>())
        {
            Summary.Add(subAccount.Main, subAccount.Index, subAccountEvent);
            if (subAccountEvent is SubAccountCredited credited) entries.Add(credited.Entry);
            if (subAccountEvent is SubAccountSwept swept) entries.Add(swept.Entry);
        }
    }

    /// <summary>A payment's stream: its first event names it; the last event that changes its status decides the fate.</summary>
    private void AddPayment(StoredStream stream)
    {
        PaymentFate? fate = null;
        foreach (var paymentEvent in stream.Events.Select(e => e.Event).OfType<PaymentEvent>())
        {
            fate = paymentEvent switch
            {
                PaymentRejected rejected => new PaymentFate(rejected.PaymentId, PaymentStatus.Failed, rejected.Order),
                PaymentInitiated initiated => new PaymentFate(initiated.PaymentId, PaymentStatus.Pending, initiated.Order),
                PaymentSucceeded when fate is not null => fate with { Status = PaymentStatus.Succeeded },
                PaymentFailed when fate is not null => fate with { Status = PaymentStatus.Failed },
                _ => fate,
            };
        }
        if (fate is not null) _payments[fate.PaymentId] = fate;
    }

    private List<AccountEntry> Ledger(string key) => _ledgers.TryGetValue(key, out var entries) ? entries : _ledgers[key] = [];
}
