using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;

namespace AkkaPay.Cell.Accounts;

/// <summary>
/// The persistent shell of one account: the domain decides, this actor persists what was decided,
/// applies it and answers only after the journal committed. A hot account hands its credits to its
/// sub-accounts, sweeps their money in periodically (or at once when a debit needs it), and answers reads
/// through a <see cref="HotAccountReader"/>.
/// </summary>
public sealed class AccountActor : ReceivePersistentActor, IWithTimers
{
    private const string SweepTimer = "sweep";
    private const string SweepRetryTimer = "sweep-retry";

    private readonly CellSettings _settings;
    private readonly IActorRef _subAccounts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AccountState _state;

    /// <summary>Sub-accounts that may hold money: credited since they were last swept (all of them after a restart).</summary>
    private readonly SortedSet<int> _mayHoldMoney = [];

    /// <summary>The sweep under way: the sub-accounts still to sweep, the first one asked now.</summary>
    private Queue<int>? _sweeping;
    private int _sweepAttempt;

    /// <summary>Debits that did not fit the main account's balance: decided again once the sweep under way is done.</summary>
    private readonly Queue<(PostToAccount Post, IActorRef ReplyTo)> _waitingForSweep = new();

    public AccountActor(string entityId, CellSettings settings, IActorRef subAccounts)
    {
        _settings = settings;
        _subAccounts = subAccounts;
        _state = AccountState.Initial(AccountId.Parse(entityId));
        PersistenceId = $"account-{entityId}";
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;

        Recover<SnapshotOffer>(offer => _state = FromSnapshot((AccountSnapshot)offer.Snapshot));
        Recover<AccountEvent>(accountEvent => _state = _state.Apply(accountEvent));
        Recover<RecoveryCompleted>(_ => StartSweepingIfHot());

        Command<OpenAccount>(Open);
        Command<MakeHot>(MakeHot);
        Command<PostToAccount>(post => Post(post, Sender, sweepFirst: true));
        Command<GetAccount>(_ => Read(Sender, entriesLimit: null));
        Command<GetEntries>(get => Read(Sender, get.Limit));
        Command<SweepTick>(_ => Sweep());
        Command<SweepResult>(OnSwept);
        Command<SweepRetry>(retry =>
        {
            if (retry.Attempt == _sweepAttempt && _sweeping is not null) AskSubAccountToSweep();
        });
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "snapshot of {0} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "deleting old snapshots of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now() => _settings.Clock.GetUtcNow();

    private void Open(OpenAccount open)
    {
        var decision = _state.DecideOpen(open.Type, open.Currency, Now());
        if (decision.Rejection is { } why)
        {
            Sender.Tell(new AccountRefused(_state.Id, why));
            return;
        }
        List<AccountEvent> events = [decision.Event!];
        if (open.SubAccounts > 0)
        {
            var hot = _state.Apply(decision.Event!).DecideMakeHot(open.SubAccounts, Now());
            if (hot.Rejection is { } hotWhy)
            {
                Sender.Tell(new AccountRefused(_state.Id, hotWhy));
                return;
            }
            events.Add(hot.Event!);
        }
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
        var decision = _state.DecideMakeHot(make.SubAccounts, Now());
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
        Persist(decision.Event, made =>
        {
            Apply(made);
            _log.Info("account {0} spreads its credits over {1} sub-accounts from now on, trace {2}", _state.Id, made.SubAccounts, make.TraceId);
            // sub-accounts no longer chosen are drained by the next sweep; all of them, as any may hold money
            StartSweepingIfHot();
            Read(Sender, entriesLimit: null);
        });
    }

    private void Post(PostToAccount post, IActorRef replyTo, bool sweepFirst)
    {
        switch (_state.DecidePost(post.Posting, Now()))
        {
            case PostOutcome.AlreadyBooked booked:
                replyTo.Tell(new Posted(booked.Entry));
                break;
            case PostOutcome.RouteToSubAccount route:
                _mayHoldMoney.Add(route.Index);
                _subAccounts.Tell(new CreditSubAccount(route.Index, post.Posting), replyTo);
                break;
            case PostOutcome.Refused { Why.Code: RejectionCodes.InsufficientFunds } when sweepFirst && _state.Hot.IsHot:
                // the money may be in the sub-accounts: bring it in, then decide
                _waitingForSweep.Enqueue((post, replyTo));
                Sweep();
                break;
            case PostOutcome.Refused refused:
                replyTo.Tell(new PostRefused(post.Posting.PostingId, refused.Why));
                break;
            case PostOutcome.Book book:
                Persist(book.Event, posted =>
                {
                    Apply(posted);
                    replyTo.Tell(new Posted(posted.Entry));
                });
                break;
        }
    }

    private void Read(IActorRef replyTo, int? entriesLimit)
    {
        if (!_state.Hot.IsHot)
        {
            replyTo.Tell(entriesLimit is { } limit ? new AccountEntries(_state.Id, _state.Entries.Reverse().Take(limit).ToList()) : View(_state.Balance));
            return;
        }
        var state = _state;
        Context.ActorOf(Props.Create(() => new HotAccountReader(state, _subAccounts, replyTo, entriesLimit, _settings.StepRetryInterval)));
    }

    private void StartSweepingIfHot()
    {
        if (!_state.Hot.IsHot) return;
        for (var index = 0; index < _state.Hot.EverUsed; index++) _mayHoldMoney.Add(index);
        Timers.StartPeriodicTimer(SweepTimer, SweepTick.Instance, TimeSpan.Zero, _settings.SweepInterval);
    }

    /// <summary>Sweeps every sub-account that may hold money, one after the other; debits waiting for money are decided after.</summary>
    private void Sweep()
    {
        if (_sweeping is not null) return;
        if (_mayHoldMoney.Count == 0)
        {
            DecideWaitingDebits();
            return;
        }
        _sweeping = new Queue<int>(_mayHoldMoney);
        _mayHoldMoney.Clear();
        AskSubAccountToSweep();
    }

    private void AskSubAccountToSweep()
    {
        var index = _sweeping!.Peek();
        _sweepAttempt++;
        _subAccounts.Tell(new SweepSubAccount(_state.Id, index, _state.NextSweep(index), _state.SweepLimit));
        Timers.StartSingleTimer(SweepRetryTimer, new SweepRetry(_sweepAttempt), _settings.StepRetryInterval);
    }

    private void OnSwept(SweepResult result)
    {
        if (_sweeping is null || _sweeping.Peek() != result.Index) return;   // a late answer to an earlier ask
        if (result.Amount == 0)
        {
            NextSubAccount();
            return;
        }
        if (_state.DecideSweepIn(result.Index, result.Sequence, result.Amount, Now()) is not { } sweptIn) return;
        Timers.Cancel(SweepRetryTimer);
        Persist(sweptIn, swept =>
        {
            Apply(swept);
            NextSubAccount();
        });
    }

    private void NextSubAccount()
    {
        Timers.Cancel(SweepRetryTimer);
        _sweeping!.Dequeue();
        if (_sweeping.Count > 0)
        {
            AskSubAccountToSweep();
            return;
        }
        _sweeping = null;
        DecideWaitingDebits();
    }

    private void DecideWaitingDebits()
    {
        while (_waitingForSweep.TryDequeue(out var waiting)) Post(waiting.Post, waiting.ReplyTo, sweepFirst: false);
    }

    private void Apply(AccountEvent accountEvent)
    {
        _state = _state.Apply(accountEvent);
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(new AccountSnapshot(_state.Id, _state.Type, _state.Currency, _state.Balance, _state.Entries, _state.Hot.Periods, _state.Sweeps));
    }

    private AccountView View(long balance) => HotAccountReader.View(_state, balance);

    private static AccountState FromSnapshot(AccountSnapshot snapshot) =>
        AccountState.FromSnapshot(snapshot.AccountId, snapshot.Type, snapshot.Currency, snapshot.Balance, snapshot.Entries,
            new HotSchedule([.. snapshot.Hot ?? []]), snapshot.Sweeps ?? new Dictionary<int, SweepMark>());

    private sealed record SweepTick
    {
        public static readonly SweepTick Instance = new();
    }

    private sealed record SweepRetry(int Attempt);
}
