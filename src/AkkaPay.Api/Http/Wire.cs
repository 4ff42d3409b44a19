using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Api.Http;

/// <summary>How domain enums are spelled on the wire.</summary>
public static class Wire
{
    public static string Of(PaymentStatus status) => status switch
    {
        PaymentStatus.New => "new",
        PaymentStatus.Pending => "pending",
        PaymentStatus.InTransit => "in_transit",
        PaymentStatus.Succeeded => "succeeded",
        PaymentStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(PaymentKind kind) => kind switch
    {
        PaymentKind.TopUp => "top_up",
        PaymentKind.Transfer => "transfer",
        PaymentKind.MerchantPayment => "merchant_payment",
        PaymentKind.Refund => "refund",
        PaymentKind.Withdrawal => "withdrawal",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(AccountType type) => type.ToString().ToLowerInvariant();

    public static bool TryParseCustomerType(string text, out AccountType type)
    {
        type = text switch { "personal" => AccountType.Personal, "merchant" => AccountType.Merchant, _ => AccountType.Internal };
        return type != AccountType.Internal;
    }
}
