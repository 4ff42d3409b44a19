using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Cell.Accounts;

/// <summary>
/// The persistent shell of one account: the domain decides, this actor persists what was decided,
/// applies it and answers only after the journal committed.
/// </summary>
public sealed class AccountActor : ReceivePersistentActor
{
    private readonly CellSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AccountState _state;

    public AccountActor(string entityId, CellSettings settings)
    {
        _settings = settings;
        _state = AccountState.Initial(AccountId.Parse(entityId));
        PersistenceId = $"account-{entityId}";
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;

        Recover<SnapshotOffer>(offer => _state = FromSnapshot((AccountSnapshot)offer.Snapshot));
        Recover<AccountEvent>(accountEvent => _state = _state.Apply(accountEvent));

        Command<OpenAccount>(Open);
        Command<PostToAccount>(Post);
        Command<GetAccount>(_ => Sender.Tell(View()));
        Command<GetEntries>(get => Sender.Tell(new AccountEntries(_state.Id, _state.Entries.Reverse().Take(get.Limit).ToList())));
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "snapshot of {0} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "deleting old snapshots of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    private void Open(OpenAccount open)
    {
        var decision = _state.DecideOpen(open.Type, open.Currency, _settings.Clock.GetUtcNow());
        if (decision.Rejection is { } why)
        {
            Sender.Tell(new AccountRefused(_state.Id, why));
            return;
        }
        Persist(decision.Event!, opened =>
        {
            Apply(opened);
            _log.Debug("account {0} opened ({1}, {2}) trace {3}", opened.AccountId, opened.Type, opened.Currency, open.TraceId);
            Sender.Tell(View());
        });
    }

    private void Post(PostToAccount post)
    {
        switch (_state.DecidePost(post.Posting, _settings.Clock.GetUtcNow()))
        {
            case PostOutcome.AlreadyBooked booked:
                Sender.Tell(new Posted(booked.Entry));
                break;
            case PostOutcome.Refused refused:
                Sender.Tell(new PostRefused(post.Posting.PostingId, refused.Why));
                break;
            case PostOutcome.Book book:
                Persist(book.Event, posted =>
                {
                    Apply(posted);
                    Sender.Tell(new Posted(posted.Entry));
                });
                break;
        }
    }

    private void Apply(AccountEvent accountEvent)
    {
        _state = _state.Apply(accountEvent);
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(new AccountSnapshot(_state.Id, _state.Type, _state.Currency, _state.Balance, _state.Entries));
    }

    private AccountView View() => new(_state.Id, _state.IsOpen, _state.Type, _state.Currency, _state.Balance);

    private static AccountState FromSnapshot(AccountSnapshot snapshot) =>
        AccountState.FromSnapshot(snapshot.AccountId, snapshot.Type, snapshot.Currency, snapshot.Balance, snapshot.Entries);
}
