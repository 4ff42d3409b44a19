using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Payments.Process;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AkkaPay.Domain.Tests;

public class LedgerProperties
{
    private static readonly AccountId[] Customers =
        Enumerable.Range(0, 6).Select(i => AccountId.Parse($"2088000000000{i}{i * 17 % 100:00}")).ToArray();

    /// <param name="Kind">0 top-up, 1 withdrawal, 2 transfer, 3 merchant payment, 4 refund, 5 the same top-up again.</param>
    public sealed record Operation(int Kind, int From, int To, long Amount, int RequestId, PaymentFault Fault);

    private static Arbitrary<Operation[]> Operations() =>
        (from kind in Gen.Choose(0, 5)
         from fromIndex in Gen.Choose(0, Customers.Length - 1)
         from toIndex in Gen.Choose(0, Customers.Length - 1)
         from amount in Gen.OneOf(Gen.Choose(1, 5_000).Select(i => (long)i), Gen.Constant(long.MaxValue), Gen.Constant(long.MaxValue / 2))
         from requestId in Gen.Choose(0, 20)
         from fault in Gen.Elements(Enum.GetValues<PaymentFault>())
         select new Operation(kind, fromIndex, toIndex, amount, requestId, fault))
        .ArrayOf().ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Any_sequence_of_payments_and_faults_conserves_money_keeps_customers_non_negative_and_finishes_every_payment() =>
        Prop.ForAll(Operations(), operations =>
        {
            var ledger = new LedgerModel();
            for (var i = 0; i < Customers.Length; i++) ledger.Open(Customers[i], i % 2 == 0 ? AccountType.Personal : AccountType.Merchant, Currency.Cny);
            var merchantPayments = new List<(PaymentId Id, PaymentOrder Order)>();

            foreach (var op in operations) Run(ledger, op, merchantPayments);

            var sum = ledger.Accounts.Aggregate(Int128.Zero, (total, account) => total + account.Balance);
            var transit = ledger.Accounts.Where(a => InternalAccounts.IsInTransit(a.Id)).Sum(a => a.Balance);
            return sum == 0 && transit == 0 && ledger.Accounts.Where(a => a.Type != AccountType.Internal).All(a => a.Balance >= 0);
        });

    private static void Run(LedgerModel ledger, Operation op, List<(PaymentId Id, PaymentOrder Order)> merchantPayments)
    {
        var from = Customers[op.From];
        var to = Customers[op.To];
        var id = PaymentId.For(from, $"r{op.RequestId}-{op.Kind}");
        // odd requests cross cells: the money goes through the in-transit account of the payer's bucket
        var crossesCells = op.RequestId % 2 == 1;
        switch (op.Kind)
        {
            case 0:
                Pay(ledger, id, PaymentOrder.TopUp(from, op.Amount, Currency.Cny, null), crossesCells, op.Fault);
                break;
            case 1:
                Pay(ledger, id, PaymentOrder.Withdrawal(from, op.Amount, Currency.Cny, null), crossesCells, op.Fault);
                break;
            case 2 when from != to:
                Pay(ledger, id, PaymentOrder.Transfer(from, to, op.Amount, Currency.Cny), crossesCells, op.Fault);
                break;
            case 3 when from != to:
                // a payee that is no merchant is refused by the payee check, or, when its cell is silent, refuses the credit
                var order = PaymentOrder.MerchantPayment(from, to, op.Amount, Currency.Cny, null);
                if (Pay(ledger, id, order, crossesCells, op.Fault).Status == PaymentStatus.Succeeded) merchantPayments.Add((id, order));
                break;
            case 4 when merchantPayments.Count > 0:
                var (paid, paidOrder) = merchantPayments[op.RequestId % merchantPayments.Count];
                var amount = Math.Min(op.Amount, paidOrder.Amount);
                Pay(ledger, PaymentId.For(paidOrder.Payee, id.RequestId), PaymentOrder.Refund(paid, paidOrder.Payee, paidOrder.Payer, amount, Currency.Cny), crossesCells, op.Fault);
                break;
            default:
                // the same request again: applied once
                Pay(ledger, PaymentId.For(from, "replay"), PaymentOrder.TopUp(from, 7, Currency.Cny, null), crossesCells: false, op.Fault);
                break;
        }
    }

    private static PaymentAnswer Pay(LedgerModel ledger, PaymentId id, PaymentOrder order, bool crossesCells, PaymentFault fault)
    {
        var answer = ledger.Pay(id, order, crossesCells, fault);
        Assert.True(ledger.Payment(id).IsFinished || answer.Failure?.Code == RejectionCodes.IdempotencyKeyReused, $"payment {id} is left {ledger.Payment(id).State.Status}");
        Assert.True(answer.Status is PaymentStatus.Succeeded or PaymentStatus.Failed, $"payment {id} answered {answer.Status}");
        return answer;
    }
}
