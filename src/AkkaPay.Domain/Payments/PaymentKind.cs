namespace AkkaPay.Domain.Payments;

public enum PaymentKind
{
    TopUp,
    Transfer,
    MerchantPayment,
    Refund,
    Withdrawal,
}
