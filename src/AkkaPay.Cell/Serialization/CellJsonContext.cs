using System.Text.Json.Serialization;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Audit;
using AkkaPay.Cell.Payments;
using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Routing;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Cell.Serialization;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    Converters = [typeof(AccountIdJsonConverter), typeof(CurrencyJsonConverter), typeof(PaymentIdJsonConverter)])]
[JsonSerializable(typeof(AccountOpened))]
[JsonSerializable(typeof(AccountPosted))]
[JsonSerializable(typeof(AccountSnapshot))]
[JsonSerializable(typeof(AccountMadeHot))]
[JsonSerializable(typeof(AccountSweptIn))]
[JsonSerializable(typeof(SubAccountCredited))]
[JsonSerializable(typeof(SubAccountSwept))]
[JsonSerializable(typeof(SubAccountSnapshot))]
[JsonSerializable(typeof(MakeHot))]
[JsonSerializable(typeof(CreditSubAccount))]
[JsonSerializable(typeof(SweepSubAccount))]
[JsonSerializable(typeof(SweepResult))]
[JsonSerializable(typeof(GetSubAccount))]
[JsonSerializable(typeof(SubAccountView))]
[JsonSerializable(typeof(PaymentRejected))]
[JsonSerializable(typeof(PaymentInitiated))]
[JsonSerializable(typeof(PaymentSucceeded))]
[JsonSerializable(typeof(PaymentCompensating))]
[JsonSerializable(typeof(PaymentFailed))]
[JsonSerializable(typeof(RefundReserved))]
[JsonSerializable(typeof(RefundReleased))]
[JsonSerializable(typeof(OpenAccount))]
[JsonSerializable(typeof(PostToAccount))]
[JsonSerializable(typeof(GetAccount))]
[JsonSerializable(typeof(GetEntries))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(AccountEntries))]
[JsonSerializable(typeof(AccountRefused))]
[JsonSerializable(typeof(Posted))]
[JsonSerializable(typeof(PostRefused))]
[JsonSerializable(typeof(StartPayment))]
[JsonSerializable(typeof(GetPayment))]
[JsonSerializable(typeof(ResumePayment))]
[JsonSerializable(typeof(ReserveRefund))]
[JsonSerializable(typeof(ReleaseRefund))]
[JsonSerializable(typeof(RefundReservation))]
[JsonSerializable(typeof(RefundReleaseConfirmed))]
[JsonSerializable(typeof(PaymentOutcome))]
[JsonSerializable(typeof(PaymentView))]
[JsonSerializable(typeof(AuditCell))]
[JsonSerializable(typeof(CellAudit))]
[JsonSerializable(typeof(RoutingTableRecord))]
[JsonSerializable(typeof(JournalCopiesRecord))]
[JsonSerializable(typeof(RoutingTableAdopted))]
[JsonSerializable(typeof(ChangeRouting))]
[JsonSerializable(typeof(RoutingChanged))]
[JsonSerializable(typeof(RoutingChangeRefused))]
[JsonSerializable(typeof(GetRoutingHistory))]
[JsonSerializable(typeof(RoutingHistory))]
internal sealed partial class CellJsonContext : JsonSerializerContext;
