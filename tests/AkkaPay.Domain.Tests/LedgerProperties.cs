using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AkkaPay.Domain.Tests;

public class LedgerProperties
{
    private static readonly AccountId[] Customers =
        Enumerable.Range(0, 6).Select(i => AccountId.Parse($"2088000000000{i}{i * 17 % 100:00}")).ToArray();

    private static readonly FeeRate Fee = new(60);

    public sealed record Operation(int Kind, int From, int To, long Amount, int RequestId);

    private static Arbitrary<Operation[]> Operations() =>
        (from kind in Gen.Choose(0, 5)
         from fromIndex in Gen.Choose(0, Customers.Length - 1)
         from toIndex in Gen.Choose(0, Customers.Length - 1)
         from amount in Gen.OneOf(Gen.Choose(1, 5_000).Select(i => (long)i), Gen.Constant(long.MaxValue), Gen.Constant(long.MaxValue / 2))
         from requestId in Gen.Choose(0, 20)
         select new Operation(kind, fromIndex, toIndex, amount, requestId))
        .ArrayOf().ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Any_sequence_of_operations_conserves_money_and_keeps_customers_non_negative() =>
        Prop.ForAll(Operations(), operations =>
        {
            var ledger = new LedgerModel();
            for (var i = 0; i < Customers.Length; i++) ledger.Open(Customers[i], i % 2 == 0 ? AccountType.Personal : AccountType.Merchant, Currency.Cny);
            var merchantPayments = new List<(PaymentId Id, PaymentOrder Order)>();

            foreach (var op in operations) Run(ledger, op, merchantPayments);

            var sum = ledger.Accounts.Aggregate(Int128.Zero, (total, account) => total + account.Balance);
            return sum == 0 && ledger.Accounts.Where(a => a.Type != AccountType.Internal).All(a => a.Balance >= 0);
        });

    private static void Run(LedgerModel ledger, Operation op, List<(PaymentId Id, PaymentOrder Order)> merchantPayments)
    {
        var from = Customers[op.From];
        var to = Customers[op.To];
        var requestId = $"r{op.RequestId}-{op.Kind}";
        switch (op.Kind)
        {
            case 0:
                ledger.Pay(PaymentId.For(from, requestId), PaymentOrder.TopUp(from, op.Amount, Currency.Cny, null), 0);
                break;
            case 1:
                ledger.Pay(PaymentId.For(from, requestId), PaymentOrder.Withdrawal(from, op.Amount, Currency.Cny, null), 0);
                break;
            case 2 when from != to:
                // odd requests cross cells: the money goes through the in-transit account of the payer's bucket
                ledger.Pay(PaymentId.For(from, requestId), PaymentOrder.Transfer(from, to, op.Amount, Currency.Cny), 0, viaTransit: op.RequestId % 2 == 1);
                break;
            case 3 when from != to && ledger[to].Type == AccountType.Merchant:
                var order = PaymentOrder.MerchantPayment(from, to, op.Amount, Currency.Cny, null);
                var id = PaymentId.For(from, requestId);
                if (ledger.Pay(id, order, Fee.FeeOf(op.Amount)) is null) merchantPayments.Add((id, order));
                break;
            case 4 when merchantPayments.Count > 0:
                var (paid, paidOrder) = merchantPayments[op.RequestId % merchantPayments.Count];
                var amount = Math.Min(op.Amount, paidOrder.Amount);
                ledger.Pay(PaymentId.For(paidOrder.Payee, requestId), PaymentOrder.Refund(paid, paidOrder.Payee, paidOrder.Payer, amount, Currency.Cny), 0);
                break;
            default:
                // the same leg again: booked once
                ledger.Pay(PaymentId.For(from, "replay"), PaymentOrder.TopUp(from, 7, Currency.Cny, null), 0);
                break;
        }
    }
}
