using Akka.Actor;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Cell.Accounts;

/// <summary>
/// Answers a read of a hot account: the main account's state as it was when the read arrived, plus every
/// sub-account's credited total (and newest entries). It answers nothing if a sub-account stays silent, so the
/// caller's ask times out as for any account that does not answer.
/// </summary>
public sealed class HotAccountReader : ReceiveActor
{
    private readonly Dictionary<int, SubAccountView> _views = [];

    /// <param name="mainNewest">The main account's newest entries (a copy: its entry log belongs to the account's thread).</param>
    /// <param name="entriesLimit">Null to read the balance; otherwise how many of the newest entries to answer.</param>
    public HotAccountReader(AccountState main, IReadOnlyList<AccountEntry> mainNewest, IActorRef subAccounts, IActorRef replyTo, int? entriesLimit, TimeSpan timeout)
    {
        for (var index = 0; index < main.Hot.EverUsed; index++) subAccounts.Tell(new GetSubAccount(main.Id, index, entriesLimit ?? 0));
        Receive<SubAccountView>(view =>
        {
            _views[view.Index] = view;
            if (_views.Count < main.Hot.EverUsed) return;
            replyTo.Tell(entriesLimit is { } limit ? Entries(main.Id, mainNewest, limit) : View(main));
            Context.Stop(Self);
        });
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        Context.SetReceiveTimeout(timeout);
    }

    public static AccountView View(AccountState main, long balance) =>
        new(main.Id, main.IsOpen, main.Type, main.Currency, balance, main.Hot.SubAccounts);

    private AccountView View(AccountState main) =>
        View(main, main.HotBalance(_views.ToDictionary(pair => pair.Key, pair => pair.Value.Credited)));

    private AccountEntries Entries(AccountId main, IReadOnlyList<AccountEntry> mainNewest, int limit) => new(main,
        mainNewest.Concat(_views.Values.SelectMany(view => view.Entries)).OrderByDescending(entry => entry.At).Take(limit).ToList());
}
