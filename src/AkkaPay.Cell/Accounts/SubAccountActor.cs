using AkkaPay.Cell.Persistence;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;

namespace AkkaPay.Cell.Accounts;

/// <summary>
/// One sub-account of a hot account, event-sourced on its own so that credits to the hot account are
/// persisted in parallel: it books credits (each once) and gives its balance to the main account when swept.
/// </summary>
public sealed class SubAccountActor : ReceivePersistentActor
{
    private readonly CellSettings _settings;
    private readonly SnapshotSchedule _snapshots;
    private SubAccountState _state;

    public SubAccountActor(string entityId, CellSettings settings)
    {
        _settings = settings;
        var (main, index) = SubAccountNames.Parse(entityId);
        _state = new SubAccountState { Main = main, Index = index };
        PersistenceId = SubAccountNames.PersistenceId(main, index);
        _snapshots = new SnapshotSchedule(settings.SnapshotEvery, PersistenceId);
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (SubAccountSnapshot)offer.Snapshot;
            _state = SubAccountState.FromSnapshot(main, index, snapshot.Balance, snapshot.Credited, snapshot.LastSweep, snapshot.LastSweepAmount,
                EntryLog.Restore(snapshot.EarlierPostings ?? [], snapshot.Entries));
            _snapshots.Taken(offer.Metadata.SequenceNr, _state.Entries.Count);
        });
        Recover<SubAccountEvent>(subAccountEvent => _state = _state.Apply(subAccountEvent));

        Command<CreditSubAccount>(Credit);
        Command<SweepSubAccount>(Sweep);
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => Context.GetLogger().Warning(failure.Cause, "snapshot of {0} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => Context.GetLogger().Warning(failure.Cause, "deleting old snapshots of {0} failed", PersistenceId));
        Command<GetSubAccount>(get => Sender.Tell(new SubAccountView(main, index, _state.Balance, _state.Credited, _state.LastSweep, _state.Entries.Newest(get.EntriesLimit))));
    }

    public override string PersistenceId { get; }

    /// <summary>Another writer holds the sequence number: this incarnation's state is stale (<see cref="StaleWriterException"/>).</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        StaleWriterException.ThrowIfTaken(PersistenceId, sequenceNr, cause);
    }

    private void Credit(CreditSubAccount credit)
    {
        switch (_state.DecideCredit(credit.Posting, _settings.Clock.GetUtcNow()))
        {
            case PostOutcome.AlreadyBooked booked:
                Sender.Tell(new Posted(booked.PostingId, booked.Entry));
                break;
            case PostOutcome.Refused refused:
                Sender.Tell(new PostRefused(credit.Posting.PostingId, refused.Why));
                break;
            case PostOutcome.BookOnSubAccount book:
                Persist(book.Event, credited =>
                {
                    Apply(credited);
                    Sender.Tell(new Posted(credited.Entry.PostingId, credited.Entry));
                });
                break;
        }
    }

    private void Apply(SubAccountEvent subAccountEvent)
    {
        _state = _state.Apply(subAccountEvent);
        if (!_snapshots.IsDue(LastSequenceNr)) return;
        SaveSnapshot(new SubAccountSnapshot(_state.Main, _state.Index, _state.Balance, _state.Credited, _state.LastSweep, _state.LastSweepAmount,
            [.. _state.Entries.Recent], _state.Entries.EarlierPostings()));
        _snapshots.Taken(LastSequenceNr, _state.Entries.Count);
    }

    private void Sweep(SweepSubAccount sweep)
    {
        var outcome = _state.DecideSweep(sweep.Sequence, sweep.Limit, _settings.Clock.GetUtcNow());
        var result = new SweepResult(_state.Main, _state.Index, outcome.Sequence, outcome.Amount);
        if (outcome.Event is null)
        {
            Sender.Tell(result);
            return;
        }
        Persist(outcome.Event, swept =>
        {
            Apply(swept);
            Sender.Tell(result);
        });
    }
}
