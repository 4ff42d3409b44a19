using Akka.Actor;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Payments;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>The words of the tests: open accounts, move money, read balances, check the ledger.</summary>
public sealed class CellScenario(CellNode node)
{
    private readonly HashSet<AccountId> _accounts = [];

    public CellNode Node => node;

    public async Task<AccountId> Open(string id, AccountType type = AccountType.Personal, string currency = "CNY", int subAccounts = 0)
    {
        var accountId = AccountId.Parse(id);
        var view = await node.Ask<object>(new OpenAccount(accountId, type, Currency.Parse(currency), "trace", subAccounts));
        Assert.IsType<AccountView>(view);
        _accounts.Add(accountId);
        return accountId;
    }

    public Task<PaymentOutcome> TopUp(AccountId account, long amount, string requestId, string currency = "CNY") =>
        Pay(requestId, PaymentOrder.TopUp(account, amount, Currency.Parse(currency), "bank"));

    public Task<PaymentOutcome> Withdraw(AccountId account, long amount, string requestId) =>
        Pay(requestId, PaymentOrder.Withdrawal(account, amount, Currency.Cny, "bank"));

    public Task<PaymentOutcome> Transfer(AccountId from, AccountId to, long amount, string requestId) =>
        Pay(requestId, PaymentOrder.Transfer(from, to, amount, Currency.Cny));

    public Task<PaymentOutcome> PayMerchant(AccountId payer, AccountId merchant, long amount, string requestId) =>
        Pay(requestId, PaymentOrder.MerchantPayment(payer, merchant, amount, Currency.Cny, null));

    public Task<PaymentOutcome> Refund(PaymentId paid, AccountId merchant, AccountId payer, long amount, string requestId) =>
        Pay(requestId, PaymentOrder.Refund(paid, merchant, payer, amount, Currency.Cny));

    public Task<PaymentOutcome> Pay(string requestId, PaymentOrder order) =>
        node.Ask<PaymentOutcome>(new StartPayment(PaymentId.For(order.Scope, requestId), order, $"trace-{requestId}"));

    public Task<PaymentView> Payment(string paymentId) => node.Ask<PaymentView>(new GetPayment(PaymentId.Parse(paymentId)));

    /// <summary>Polls the payment until it reaches <paramref name="status"/>; fails after 30 s.</summary>
    public Task<PaymentView> AwaitPayment(string paymentId, PaymentStatus status) =>
        AwaitPayment(paymentId, view => view.Status == status, $"become {status}");

    /// <summary>Polls the payment until it has succeeded or failed; fails after 30 s.</summary>
    public Task<PaymentView> AwaitFinished(string paymentId) =>
        AwaitPayment(paymentId, view => view.Status is PaymentStatus.Succeeded or PaymentStatus.Failed, "finish");

    private async Task<PaymentView> AwaitPayment(string paymentId, Func<PaymentView, bool> reached, string what)
    {
        PaymentView? view = null;
        await Probe.Until(async () => reached(view = await Payment(paymentId)), TimeSpan.FromSeconds(30), $"payment {paymentId} did not {what}");
        return view!;
    }

    public async Task<long> Balance(AccountId account) => (await node.Ask<AccountView>(new GetAccount(account))).Balance;

    public Task<object> MakeHot(AccountId account, int subAccounts) => node.Ask<object>(new MakeHot(account, subAccounts, "trace"));

    /// <summary>One sub-account of a hot account, asked directly in its cell.</summary>
    public Task<SubAccountView> SubAccount(AccountId main, int index) =>
        Akka.Cluster.Sharding.ClusterSharding.Get(node.System).ShardRegion(Hosting.CellNames.SubAccountRegion(node.Cells.CellOf(main)))
            .Ask<SubAccountView>(new GetSubAccount(main, index, 0), TimeSpan.FromSeconds(30));

    public async Task<IReadOnlyList<AccountEntry>> Entries(AccountId account) =>
        (await node.Ask<AccountEntries>(new GetEntries(account, 1000))).Entries;

    /// <summary>Every cell's audit of its own journal, asked by message through the directory.</summary>
    public async Task<IReadOnlyList<Audit.CellAudit>> Audit() =>
        await Task.WhenAll(node.Cells.Routing.Cells.Select(cell =>
            node.Cells.AuditorOf(cell).Ask<Audit.CellAudit>(new Audit.AuditCell(cell), TimeSpan.FromSeconds(30))));

    /// <summary>Σ of every balance this scenario touched, internal accounts of their buckets included, is zero.</summary>
    public async Task AssertMoneyIsConserved()
    {
        var internals = _accounts.SelectMany(a => new[]
        {
            InternalAccounts.ChannelClearing(Currency.Cny, a.Bucket), InternalAccounts.FeeIncome(Currency.Cny, a.Bucket),
            InternalAccounts.InTransit(Currency.Cny, a.Bucket),
        }).Distinct();
        Int128 sum = 0;
        foreach (var account in _accounts.Concat(internals))
        {
            var balance = await Balance(account);
            if (!account.IsInternal) Assert.True(balance >= 0, $"{account} is below zero: {balance}");
            sum += balance;
        }
        Assert.True(sum == 0, $"sum of balances is {sum}, not 0");
    }
}
