using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Payments;

/// <summary>
/// What the caller asked for, in ledger terms: move <see cref="Amount"/> from <see cref="Payer"/> to
/// <see cref="Payee"/>. Two requests with the same payment id must carry equal orders.
/// </summary>
public sealed record PaymentOrder(
    PaymentKind Kind,
    AccountId Payer,
    AccountId Payee,
    long Amount,
    Currency Currency,
    string? Channel = null,
    string? OrderId = null,
    string? RefundOf = null)
{
    public static PaymentOrder TopUp(AccountId account, long amount, Currency currency, string? channel) =>
        new(PaymentKind.TopUp, InternalAccounts.ChannelClearing(currency, account.Bucket), account, amount, currency, Channel: channel);

    public static PaymentOrder Withdrawal(AccountId account, long amount, Currency currency, string? channel) =>
        new(PaymentKind.Withdrawal, account, InternalAccounts.ChannelClearing(currency, account.Bucket), amount, currency, Channel: channel);

    public static PaymentOrder Transfer(AccountId from, AccountId to, long amount, Currency currency) =>
        new(PaymentKind.Transfer, from, to, amount, currency);

    public static PaymentOrder MerchantPayment(AccountId payer, AccountId merchant, long amount, Currency currency, string? orderId) =>
        new(PaymentKind.MerchantPayment, payer, merchant, amount, currency, OrderId: orderId);

    public static PaymentOrder Refund(PaymentId original, AccountId merchant, AccountId payer, long amount, Currency currency) =>
        new(PaymentKind.Refund, merchant, payer, amount, currency, RefundOf: original.Value);

    /// <summary>The account whose requestIds scope this payment: the account the request acts for.</summary>
    public AccountId Scope => Kind == PaymentKind.TopUp ? Payee : Payer;

    /// <summary>The only account type that may take the credit, if only one may: a merchant payment pays a merchant.</summary>
    public AccountType? PayeeType => Kind == PaymentKind.MerchantPayment ? AccountType.Merchant : null;

    /// <summary>Only merchant payments carry a fee: <paramref name="merchantFee"/> of the amount, paid by the merchant.</summary>
    public long FeeUnder(FeeRate merchantFee) => Kind == PaymentKind.MerchantPayment ? merchantFee.FeeOf(Amount) : 0;
}
