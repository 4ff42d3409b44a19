using AkkaPay.Cell.Persistence;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;

namespace AkkaPay.Cell.Accounts;

/// <summary>
/// The persistent shell of one account: the domain decides, this actor persists what was decided,
/// applies it and answers only after the journal committed. Postings are persisted without holding the
/// mailbox (PersistAsync), each decided on the state that includes the ones still being written, so the
/// postings that queue up while one write is out go to the journal together in the next write (Akka keeps
/// one write per actor in flight; a failed write stops the actor before anything decided after it is sent).
/// A hot account hands its credits to its sub-accounts, sweeps their money in periodically (or at once when
/// a debit needs it), and answers reads through a <see cref="HotAccountReader"/>.
/// </summary>
public sealed class AccountActor : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdPrefix = "account-";

    private const string SweepTimer = "sweep";
    private const string SweepRetryTimer = "sweep-retry";

    private readonly CellSettings _settings;
    private readonly IActorRef _subAccounts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SnapshotSchedule _snapshots;
    /// <summary>What the journal holds: reads and snapshots use it.</summary>
    private AccountState _state;

    /// <summary>What has been decided: <see cref="_state"/> plus the events still being written. Decisions use it.</summary>
    private AccountState _decided;

    /// <summary>Sub-accounts that may hold money: credited since they were last swept (all of them after a restart).</summary>
    private readonly SortedSet<int> _mayHoldMoney = [];

    /// <summary>The sweep under way: every sub-account asked, and its answer once it came.</summary>
    private Dictionary<int, SweepResult?>? _sweeping;

    /// <summary>Debits that did not fit the main account's balance: decided again once the sweep under way is done.</summary>
    private readonly Queue<(PostToAccount Post, IActorRef ReplyTo)> _waitingForSweep = new();

    public AccountActor(string entityId, CellSettings settings, IActorRef subAccounts)
    {
        _settings = settings;
        _subAccounts = subAccounts;
        _state = AccountState.Initial(AccountId.Parse(entityId));
        _decided = _state;
        PersistenceId = PersistenceIdPrefix + entityId;
        _snapshots = new SnapshotSchedule(settings.SnapshotEvery, PersistenceId);
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;

        Recover<SnapshotOffer>(offer =>
        {
            _state = FromSnapshot((AccountSnapshot)offer.Snapshot);
            _snapshots.Taken(offer.Metadata.SequenceNr, _state.Entries.Count);
        });
        Recover<AccountEvent>(accountEvent => _state = _state.Apply(accountEvent));
        Recover<RecoveryCompleted>(_ =>
        {
            _decided = _state;
            StartSweepingIfHot();
        });

        Command<OpenAccount>(Open);
        Command<MakeHot>(MakeHot);
        Command<PostToAccount>(post => Post(post, Sender, subAccountsSwept: false));
        Command<DebitAfterSweep>(waiting => Post(waiting.Post, waiting.ReplyTo, subAccountsSwept: true));
        Command<GetAccount>(get =>
        {
            if (get.WholeBalance) Read(Sender, entriesLimit: null);
            else Sender.Tell(View(_state.Balance));
        });
        Command<GetEntries>(get => Read(Sender, get.Limit));
        Command<SweepTick>(_ => Sweep());
        // postings are written without holding the mailbox, so a stop must wait for the ones still out: stopped
        // before them, the entity answers none of them and its successor on another node recovers without them
        // while they still land beside its own writes (postings booked twice)
        Command<StopEntity>(stop => DeferAsync(stop, _ => Context.Stop(Self)));
        Command<SweepResult>(OnSwept);
        Command<SweepRetry>(_ =>
        {
            if (_sweeping is not null) AskUnanswered();
        });
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "snapshot of {0} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "deleting old snapshots of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    /// <summary>Another writer holds the sequence number: this incarnation's state is stale (<see cref="StaleWriterException"/>).</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        StaleWriterException.ThrowIfTaken(PersistenceId, sequenceNr, cause);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now() => _settings.Clock.GetUtcNow();

    private void Open(OpenAccount open)
    {
        var decision = _decided.DecideOpen(open.Type, open.Currency, Now());
        if (decision.Rejection is { } why)
        {
            Sender.Tell(new AccountRefused(_state.Id, why));
            return;
        }
        List<AccountEvent> events = [decision.Event!];
        if (open.SubAccounts > 0)
        {
            var hot = _decided.Apply(decision.Event!).DecideMakeHot(open.SubAccounts, Now());
            if (hot.Rejection is { } hotWhy)
            {
                Sender.Tell(new AccountRefused(_state.Id, hotWhy));
                return;
            }
            events.Add(hot.Event!);
        }
        _decided = events.Aggregate(_decided, (state, e) => state.Apply(e));
        PersistAll(events, persisted =>
        {
            Apply(persisted);
            if (persisted != events[^1]) return;
            _log.Debug("account {0} opened ({1}, {2}, {3} sub-accounts) trace {4}", open.AccountId, open.Type, open.Currency, open.SubAccounts, open.TraceId);
            StartSweepingIfHot();
            Sender.Tell(View(_state.Balance));
        });
    }

    private void MakeHot(MakeHot make)
    {
        var decision = _decided.DecideMakeHot(make.SubAccounts, Now());
        if (decision.Rejection is { } why)
        {
            Sender.Tell(new AccountRefused(_state.Id, why));
            return;
        }
        if (decision.Event is null)
        {
            Read(Sender, entriesLimit: null);
            return;
        }
        _decided = _decided.Apply(decision.Event);
        Persist(decision.Event, made =>
        {
            Apply(made);
            _log.Info("account {0} spreads its credits over {1} sub-accounts from now on, trace {2}", _state.Id, made.SubAccounts, make.TraceId);
            // sub-accounts no longer chosen are drained by the sweep this starts (or the next, if one is under way)
            StartSweepingIfHot();
            Read(Sender, entriesLimit: null);
        });
    }

    private void Post(PostToAccount post, IActorRef replyTo, bool subAccountsSwept)
    {
        switch (_decided.DecidePost(post.Posting, Now(), subAccountsSwept))
        {
            case PostOutcome.AlreadyBooked booked:
                // the entry may still be on its way to the journal: answer once everything before is written
                DeferAsync(booked, repeat => replyTo.Tell(new Posted(repeat.PostingId, repeat.Entry)));
                break;
            case PostOutcome.RouteToSubAccount route:
                _mayHoldMoney.Add(route.Index);
                _subAccounts.Tell(new CreditSubAccount(route.Index, post.Posting), replyTo);
                break;
            case PostOutcome.SweepFirst:
                _waitingForSweep.Enqueue((post, replyTo));
                Sweep();
                break;
            case PostOutcome.Refused refused:
                // decided on postings not yet written: if one of those writes fails the actor stops and this is never sent
                DeferAsync(refused.Why, why => replyTo.Tell(new PostRefused(post.Posting.PostingId, why)));
                break;
            case PostOutcome.Book book:
                _decided = _decided.Apply(book.Event);
                PersistAsync(book.Event, posted =>
                {
                    Apply(posted);
                    replyTo.Tell(new Posted(posted.Entry.PostingId, posted.Entry));
                });
                break;
        }
    }

    private void Read(IActorRef replyTo, int? entriesLimit)
    {
        if (!_state.Hot.IsHot)
        {
            replyTo.Tell(entriesLimit is { } limit ? new AccountEntries(_state.Id, _state.Entries.Newest(limit)) : View(_state.Balance));
            return;
        }
        Context.ActorOf(Props.Create<HotAccountReader>(
            _state, _state.Entries.Newest(entriesLimit ?? 0), _subAccounts, replyTo, entriesLimit, _settings.StepRetryInterval));
    }

    private void StartSweepingIfHot()
    {
        if (!_state.Hot.IsHot) return;
        for (var index = 0; index < _state.Hot.EverUsed; index++) _mayHoldMoney.Add(index);
        // asked now, not by a timer: this sweep's asks reach the sub-accounts before any credit routed after this
        // point, so it brings in only money that was there when the account started (a late tick would take more)
        Sweep();
        Timers.StartPeriodicTimer(SweepTimer, SweepTick.Instance, _settings.SweepInterval);
    }

    /// <summary>
    /// Sweeps every sub-account that may hold money: all are asked at once, and their answers are booked together
    /// (one journal write). Debits waiting for money are decided after.
    /// </summary>
    private void Sweep()
    {
        if (_sweeping is not null) return;
        if (_mayHoldMoney.Count == 0)
        {
            DecideWaitingDebits();
            return;
        }
        _sweeping = _mayHoldMoney.ToDictionary(index => index, _ => (SweepResult?)null);
        _mayHoldMoney.Clear();
        AskUnanswered();
    }

    private void AskUnanswered()
    {
        var unanswered = _sweeping!.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList();
        var limit = _decided.SweepLimit / unanswered.Count;   // together they cannot overflow the main balance
        foreach (var index in unanswered) _subAccounts.Tell(new SweepSubAccount(_decided.Id, index, _decided.NextSweep(index), limit));
        Timers.StartSingleTimer(SweepRetryTimer, SweepRetry.Instance, _settings.StepRetryInterval);
    }

    private void OnSwept(SweepResult result)
    {
        // late answers to an earlier ask, and answers to a sweep already booked, change nothing
        if (_sweeping is null || !_sweeping.TryGetValue(result.Index, out var answered) || answered is not null) return;
        if (result.Amount > 0 && result.Sequence != _decided.NextSweep(result.Index)) return;
        _sweeping[result.Index] = result;
        if (_sweeping.Values.Any(answer => answer is null)) return;

        Timers.Cancel(SweepRetryTimer);
        var sweptIn = new List<AccountSweptIn>();
        var after = _decided;
        foreach (var answer in _sweeping.Values)
            if (after.DecideSweepIn(answer!.Index, answer.Sequence, answer.Amount, Now()) is { } booked)
            {
                sweptIn.Add(booked);
                after = after.Apply(booked);
            }
        if (sweptIn.Count == 0)
        {
            SweepDone();
            return;
        }
        _decided = after;
        PersistAll(sweptIn, swept =>
        {
            Apply(swept);
            if (swept == sweptIn[^1]) SweepDone();
        });
    }

    private void SweepDone()
    {
        _sweeping = null;
        DecideWaitingDebits();
    }

    /// <summary>
    /// Each waiting debit goes back through the mailbox: decided one at a time, each after the one before it was
    /// persisted and applied (deciding them all here would base every one on the same balance).
    /// </summary>
    private void DecideWaitingDebits()
    {
        while (_waitingForSweep.TryDequeue(out var waiting)) Self.Tell(new DebitAfterSweep(waiting.Post, waiting.ReplyTo));
    }

    private void Apply(AccountEvent accountEvent)
    {
        _state = _state.Apply(accountEvent);
        if (!_snapshots.IsDue(LastSequenceNr)) return;
        SaveSnapshot(new AccountSnapshot(
            _state.Id, _state.Type, _state.Currency, _state.Balance, [.. _state.Entries.Recent], _state.Hot.Periods, _state.Sweeps, _state.Entries.EarlierPostings()));
        _snapshots.Taken(LastSequenceNr, _state.Entries.Count);
    }

    private AccountView View(long balance) => HotAccountReader.View(_state, balance);

    private static AccountState FromSnapshot(AccountSnapshot snapshot) =>
        AccountState.FromSnapshot(snapshot.AccountId, snapshot.Type, snapshot.Currency, snapshot.Balance, EntryLog.Restore(snapshot.EarlierPostings ?? [], snapshot.Entries),
            new HotSchedule([.. snapshot.Hot ?? []]), snapshot.Sweeps ?? new Dictionary<int, SweepMark>());

    private sealed record SweepTick
    {
        public static readonly SweepTick Instance = new();
    }

    private sealed record DebitAfterSweep(PostToAccount Post, IActorRef ReplyTo);

    private sealed record SweepRetry
    {
        public static readonly SweepRetry Instance = new();
    }
}
