using Akka.Actor;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>A hot merchant: credits spread over sub-accounts, swept into the main account, read as one balance.</summary>
[Collection(JournalsCollection.Name)]
public class HotAccountTests(JournalBackend journals)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private const string Merchant = "2088000000000399";
    private static readonly string[] Payers = ["2088000000000110", "2088000000000121", "2088000000000132", "2088000000000143", "2088000000000154"];

    private static Func<CellOptions, CellOptions> SweepEvery(TimeSpan interval) => cell => cell with { SweepInterval = interval };

    /// <summary>Sweeps only when a node starts or a debit needs the money: the tests decide when the steps happen.</summary>
    private static readonly Func<CellOptions, CellOptions> NoPeriodicSweep = SweepEvery(TimeSpan.FromHours(1));

    private static async Task<(AccountId Merchant, AccountId[] Payers)> OpenHotMerchant(CellScenario cell, int subAccounts)
    {
        var merchant = await cell.Open(Merchant, AccountType.Merchant, subAccounts: subAccounts);
        var payers = new List<AccountId>();
        foreach (var id in Payers)
        {
            var payer = await cell.Open(id);
            await cell.TopUp(payer, 1_000_000, $"fund-{id}");
            payers.Add(payer);
        }
        return (merchant, [.. payers]);
    }

    private static async Task<long> PayMany(CellScenario cell, AccountId merchant, AccountId[] payers, int count, string prefix)
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            cell.PayMerchant(payers[i % payers.Length], merchant, 1_000 + i, $"{prefix}{i}")));
        Assert.All(outcomes, outcome => Assert.Equal(PaymentStatus.Succeeded, outcome.Status));
        return outcomes.Sum(outcome => 1_000 + int.Parse(outcome.PaymentId[(outcome.PaymentId.LastIndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..]) - outcome.Fee);
    }

    private static async Task<long[]> SubAccountBalances(CellScenario cell, AccountId merchant, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async index => (await cell.SubAccount(merchant, index)).Balance));

    private static async Task AssertAuditBalancedAndSettled(CellScenario cell)
    {
        await Probe.Until(async () => (await cell.Audit()).All(audit => audit.InTransit == 0), Bound, "a sweep stayed under way");
        var audits = await cell.Audit();
        Assert.Equal(Int128.Zero, audits.Aggregate(Int128.Zero, (sum, audit) => sum + audit.Sum));
        Assert.All(audits, audit => Assert.Empty(audit.CustomersBelowZero));
    }

    [Fact]
    public async Task Credits_spread_over_the_sub_accounts_read_as_one_balance_and_are_swept_into_the_main_account()
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite), SweepEvery(TimeSpan.FromMilliseconds(200)));
        var cell = new CellScenario(node);
        var (merchant, payers) = await OpenHotMerchant(cell, subAccounts: 4);

        var credited = await PayMany(cell, merchant, payers, 20, "p");

        Assert.Equal(credited, await cell.Balance(merchant));
        var entries = await cell.Entries(merchant);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{payers[i % payers.Length]}-p{i}").Order(), entries.Select(e => e.PaymentId).Order());
        Assert.True((await Task.WhenAll(Enumerable.Range(0, 4).Select(i => cell.SubAccount(merchant, i)))).Count(sub => sub.Credited > 0) > 1,
            "the credits all went to one sub-account");
        await Probe.Until(async () => (await SubAccountBalances(cell, merchant, 4)).All(balance => balance == 0), Bound, "the sweep did not empty the sub-accounts");
        Assert.Equal(credited, await cell.Balance(merchant));
        await AssertAuditBalancedAndSettled(cell);
    }

    [Fact]
    public async Task A_payee_check_of_a_hot_merchant_is_answered_by_the_main_account_alone()
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite), NoPeriodicSweep);
        var cell = new CellScenario(node);
        var (merchant, payers) = await OpenHotMerchant(cell, subAccounts: 4);
        var credited = await PayMany(cell, merchant, payers, 4, "p");

        var check = await node.Ask<AccountView>(new GetAccount(merchant, WholeBalance: false));
        var whole = await node.Ask<AccountView>(new GetAccount(merchant));

        Assert.Equal((true, AccountType.Merchant, 4), (check.Exists, check.Type, check.SubAccounts));
        Assert.Equal(0, check.Balance);   // the credits wait in the sub-accounts: they were not asked
        Assert.Equal(credited, whole.Balance);
    }

    /// <summary>
    /// Concurrent credits, refunds and withdrawals while sweeps run and N changes, the actor system restarted in the
    /// middle: the merchant holds exactly what the acknowledged payments say, and the ledger balances.
    /// </summary>
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Concurrent_credits_refunds_withdrawals_sweeps_and_changes_of_N_across_a_restart_keep_the_balance_exact(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        var fast = SweepEvery(TimeSpan.FromMilliseconds(50));
        long expected = 0;
        AccountId merchant;
        AccountId[] payers;
        await using (var node = await CellNode.StartAsync(journal, fast))
        {
            var cell = new CellScenario(node);
            (merchant, payers) = await OpenHotMerchant(cell, subAccounts: 4);
            expected += await Round(cell, merchant, payers, "a", changeTo: 16);
        }
        await using (var node = await CellNode.StartAsync(journal, fast))
        {
            var cell = new CellScenario(node);
            Assert.Equal(expected, await cell.Balance(merchant));   // every acknowledged credit survived the restart
            expected += await Round(cell, merchant, payers, "b", changeTo: 2);
            Assert.Equal(expected, await cell.Balance(merchant));
            await Probe.Until(async () => (await SubAccountBalances(cell, merchant, 16)).Skip(2).All(balance => balance == 0), Bound, "removed sub-accounts were not drained");
            Assert.Equal(expected, await cell.Balance(merchant));
            await AssertAuditBalancedAndSettled(cell);
        }
    }

    /// <summary>30 payments, refunds of some, withdrawals and a change of N, all at once.</summary>
    /// <returns>What the merchant gained by the operations that succeeded.</returns>
    private static async Task<long> Round(CellScenario cell, AccountId merchant, AccountId[] payers, string round, int changeTo)
    {
        var payments = Enumerable.Range(0, 30).Select(i => cell.PayMerchant(payers[i % payers.Length], merchant, 500 + 37 * i, $"{round}-p{i}")).ToList();
        var change = cell.MakeHot(merchant, changeTo);
        var withdrawals = Enumerable.Range(0, 5).Select(i => cell.Withdraw(merchant, 700, $"{round}-w{i}")).ToList();
        var paid = await Task.WhenAll(payments);
        var refunds = paid.Where((_, i) => i % 3 == 0)
            .Select((payment, i) => cell.Refund(PaymentId.Parse(payment.PaymentId), merchant, PaymentId.Parse(payment.PaymentId).Scope, 100 + i, $"{round}-r{i}"))
            .ToList();
        Assert.IsType<AccountView>(await change);

        long gained = 0;
        foreach (var payment in paid.Where(p => p.Status == PaymentStatus.Succeeded))
            gained += (await cell.Payment(payment.PaymentId)).Order!.Amount - payment.Fee;
        foreach (var refund in await Task.WhenAll(refunds))
            if (refund.Status == PaymentStatus.Succeeded) gained -= (await cell.Payment(refund.PaymentId)).Order!.Amount;
        foreach (var withdrawal in await Task.WhenAll(withdrawals))
            if (withdrawal.Status == PaymentStatus.Succeeded) gained -= 700;
            else Assert.Equal(RejectionCodes.InsufficientFunds, withdrawal.Failure?.Code);
        return gained;
    }

    [Fact]
    public async Task A_debit_the_main_account_cannot_cover_sweeps_first_and_never_goes_below_zero()
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite), NoPeriodicSweep);
        var cell = new CellScenario(node);
        var (merchant, payers) = await OpenHotMerchant(cell, subAccounts: 4);
        var credited = await PayMany(cell, merchant, payers, 8, "p");

        var all = await cell.Withdraw(merchant, credited, "w-all");
        var more = await cell.Withdraw(merchant, 1, "w-more");

        Assert.Equal(PaymentStatus.Succeeded, all.Status);
        Assert.Equal((PaymentStatus.Failed, RejectionCodes.InsufficientFunds), (more.Status, more.Failure?.Code));
        Assert.Equal(0, await cell.Balance(merchant));
        Assert.All(await SubAccountBalances(cell, merchant, 4), balance => Assert.Equal(0, balance));
        await AssertAuditBalancedAndSettled(cell);
    }

    [Fact]
    public async Task Fewer_sub_accounts_stop_taking_credits_and_are_drained_into_the_main_account()
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite), SweepEvery(TimeSpan.FromMilliseconds(200)));
        var cell = new CellScenario(node);
        var (merchant, payers) = await OpenHotMerchant(cell, subAccounts: 4);
        var credited = await PayMany(cell, merchant, payers, 12, "p");

        var view = Assert.IsType<AccountView>(await cell.MakeHot(merchant, 1));
        Assert.Equal((1, credited), (view.SubAccounts, view.Balance));
        await Probe.Until(async () => (await SubAccountBalances(cell, merchant, 4)).All(balance => balance == 0), Bound, "removed sub-accounts were not drained");
        var creditedBefore = await Task.WhenAll(Enumerable.Range(1, 3).Select(async i => (await cell.SubAccount(merchant, i)).Credited));
        credited += await PayMany(cell, merchant, payers, 6, "q");

        Assert.Equal(creditedBefore, await Task.WhenAll(Enumerable.Range(1, 3).Select(async i => (await cell.SubAccount(merchant, i)).Credited)));
        Assert.Equal(credited, await cell.Balance(merchant));
        await AssertAuditBalancedAndSettled(cell);
    }

    [Fact]
    public async Task A_snapshot_keeps_the_periods_and_sweeps_so_a_resent_credit_after_a_restart_is_booked_once()
    {
        var journal = await journals.NewJournalAsync(JournalBackend.Sqlite);
        Func<CellOptions, CellOptions> snapshotsOften = cell => NoPeriodicSweep(cell) with { SnapshotEvery = 2 };
        AccountId merchant;
        long credited;
        await using (var node = await CellNode.StartAsync(journal, snapshotsOften))
        {
            var cell = new CellScenario(node);
            (merchant, var payers) = await OpenHotMerchant(cell, subAccounts: 2);
            credited = await PayMany(cell, merchant, payers, 4, "p");
            Assert.Equal(PaymentStatus.Succeeded, (await cell.Withdraw(merchant, 1_000, "w1")).Status);   // sweeps in, then debits: snapshots on the way
        }

        await using var restarted = await CellNode.StartAsync(journal, snapshotsOften);
        var again = new CellScenario(restarted);
        var first = (await again.Entries(merchant)).Single(entry => entry.PaymentId == $"{Payers[0]}-p0");
        var resent = await restarted.Ask<object>(new PostToAccount(new Posting(first.PostingId, first.PaymentId, merchant, first.Amount, Domain.Money.Currency.Cny, "trace",
            (await again.Payment(first.PaymentId)).History[0].At)));

        Assert.Equal(first, Assert.IsType<Posted>(resent).Entry);
        Assert.Equal(credited - 1_000, await again.Balance(merchant));
        Assert.Equal(2, (await restarted.Ask<AccountView>(new GetAccount(merchant))).SubAccounts);
        await AssertAuditBalancedAndSettled(again);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public async Task A_sub_account_count_out_of_range_is_refused_and_changes_nothing(int subAccounts)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        var cell = new CellScenario(node);
        var merchant = await cell.Open(Merchant, AccountType.Merchant);

        var refused = Assert.IsType<AccountRefused>(await cell.MakeHot(merchant, subAccounts));

        Assert.Equal(RejectionCodes.ValidationError, refused.Why.Code);
        Assert.Equal(0, (await node.Ask<AccountView>(new GetAccount(merchant))).SubAccounts);
    }

    [Fact]
    public async Task A_cross_cell_payment_to_a_hot_merchant_lands_in_one_of_its_sub_accounts()
    {
        await using var node = await CellNode.StartAsync(TestRoutings.TwoCells,
            [new CellOptions("c0", await journals.NewJournalAsync(JournalBackend.Sqlite)), new CellOptions("c1", await journals.NewJournalAsync(JournalBackend.Sqlite))]);
        var cell = new CellScenario(node);
        var payer = await cell.Open("2088000000000110");                                      // c0
        var merchant = await cell.Open("2088000000000299", AccountType.Merchant, subAccounts: 4);   // c1
        await cell.TopUp(payer, 10_000, "t1");

        var paid = await cell.PayMerchant(payer, merchant, 5_000, "p1");
        var view = await cell.AwaitPayment(paid.PaymentId, PaymentStatus.Succeeded);

        Assert.Equal(5_000 - view.Fee, await cell.Balance(merchant));
        Assert.Equal(5_000 - view.Fee, (await Task.WhenAll(Enumerable.Range(0, 4).Select(i => cell.SubAccount(merchant, i)))).Sum(sub => sub.Credited));
        await AssertAuditBalancedAndSettled(cell);
    }

    /// <summary>
    /// A sweep is: (1) the sub-account gives its balance (persisted there), (2) the main account books it (persisted
    /// here). Stopping the actor system before (1), between (1) and (2), and after (2) neither loses nor duplicates money.
    /// </summary>
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_sweep_stopped_between_any_two_of_its_steps_neither_loses_nor_duplicates_money(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        AccountId merchant;
        long credited;
        await using (var node = await CellNode.StartAsync(journal, NoPeriodicSweep))
        {
            var cell = new CellScenario(node);
            (merchant, var payers) = await OpenHotMerchant(cell, subAccounts: 2);
            credited = await PayMany(cell, merchant, payers, 6, "p");
        }   // stopped before step 1: the credits are in the sub-accounts

        int swept;
        await using (var node = await CellNode.StartAsync(journal, NoPeriodicSweep))
        {
            var cell = new CellScenario(node);
            Assert.Equal(credited, await cell.Balance(merchant));   // the main account starts and sweeps (the start of every hot account does)
            await Probe.Until(async () => (await SubAccountBalances(cell, merchant, 2)).All(balance => balance == 0), Bound, "the sweep at start did not finish");
            await AssertAuditBalancedAndSettled(cell);
            credited += await PayMany(cell, merchant, [AccountId.Parse(Payers[0])], 4, "q");
            // the sub-account and its next sweep number from one view: a sweep of the main account's own in between
            // (none is due, but sweeping is always allowed) then answers this same sweep instead of an empty one
            var holding = (await Task.WhenAll(Enumerable.Range(0, 2).Select(index => cell.SubAccount(merchant, index)))).First(sub => sub.Balance > 0);
            swept = holding.Index;

            // step 1 alone, as the main account would ask it: then stop, before the main account books it
            var subAccounts = Akka.Cluster.Sharding.ClusterSharding.Get(node.System).ShardRegion(CellNames.SubAccountRegion("c0"));
            var result = await subAccounts.Ask<SweepResult>(new SweepSubAccount(merchant, swept, holding.LastSweep + 1, long.MaxValue), Bound);
            Assert.True(result.Amount > 0);
            Assert.Equal(credited, await cell.Balance(merchant));   // money given by the sub-account and not yet booked is counted once
        }   // stopped between step 1 and step 2

        await using (var node = await CellNode.StartAsync(journal, NoPeriodicSweep))
        {
            var cell = new CellScenario(node);
            Assert.Equal(credited, await cell.Balance(merchant));
            await Probe.Until(async () => (await SubAccountBalances(cell, merchant, 2)).All(balance => balance == 0), Bound, "the interrupted sweep was not finished");
            await AssertAuditBalancedAndSettled(cell);
        }   // stopped after step 2

        await using (var node = await CellNode.StartAsync(journal, NoPeriodicSweep))
        {
            var cell = new CellScenario(node);
            Assert.Equal(credited, await cell.Balance(merchant));
            Assert.Equal(PaymentStatus.Succeeded, (await cell.Withdraw(merchant, credited, "w-all")).Status);
            Assert.Equal(0, await cell.Balance(merchant));
            await AssertAuditBalancedAndSettled(cell);
        }
    }
}
