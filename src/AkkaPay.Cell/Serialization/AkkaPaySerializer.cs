using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Routing;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Cell.Serialization;

/// <summary>
/// JSON (source-generated) with a stable string manifest per type. The manifests are part of the journal's
/// format: never rename one, add new ones instead.
/// </summary>
public sealed class AkkaPaySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 8841;

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest = new Dictionary<string, JsonTypeInfo>
    {
        ["account-opened.v1"] = CellJsonContext.Default.AccountOpened,
        ["account-posted.v1"] = CellJsonContext.Default.AccountPosted,
        ["account-snapshot.v1"] = CellJsonContext.Default.AccountSnapshot,
        ["account-made-hot.v1"] = CellJsonContext.Default.AccountMadeHot,
        ["account-swept-in.v1"] = CellJsonContext.Default.AccountSweptIn,
        ["subaccount-credited.v1"] = CellJsonContext.Default.SubAccountCredited,
        ["subaccount-swept.v1"] = CellJsonContext.Default.SubAccountSwept,
        ["subaccount-snapshot.v1"] = CellJsonContext.Default.SubAccountSnapshot,
        ["payment-rejected.v1"] = CellJsonContext.Default.PaymentRejected,
        ["payment-initiated.v1"] = CellJsonContext.Default.PaymentInitiated,
        ["payment-succeeded.v1"] = CellJsonContext.Default.PaymentSucceeded,
        ["payment-compensating.v1"] = CellJsonContext.Default.PaymentCompensating,
        ["payment-failed.v1"] = CellJsonContext.Default.PaymentFailed,
        ["refund-reserved.v1"] = CellJsonContext.Default.RefundReserved,
        ["refund-released.v1"] = CellJsonContext.Default.RefundReleased,
        ["open-account"] = CellJsonContext.Default.OpenAccount,
        ["post-to-account"] = CellJsonContext.Default.PostToAccount,
        ["get-account"] = CellJsonContext.Default.GetAccount,
        ["get-entries"] = CellJsonContext.Default.GetEntries,
        ["make-hot"] = CellJsonContext.Default.MakeHot,
        ["credit-sub-account"] = CellJsonContext.Default.CreditSubAccount,
        ["sweep-sub-account"] = CellJsonContext.Default.SweepSubAccount,
        ["sweep-result"] = CellJsonContext.Default.SweepResult,
        ["get-sub-account"] = CellJsonContext.Default.GetSubAccount,
        ["sub-account-view"] = CellJsonContext.Default.SubAccountView,
        ["account-view"] = CellJsonContext.Default.AccountView,
        ["account-entries"] = CellJsonContext.Default.AccountEntries,
        ["account-refused"] = CellJsonContext.Default.AccountRefused,
        ["posted"] = CellJsonContext.Default.Posted,
        ["post-refused"] = CellJsonContext.Default.PostRefused,
        ["start-payment"] = CellJsonContext.Default.StartPayment,
        ["get-payment"] = CellJsonContext.Default.GetPayment,
        ["resume-payment"] = CellJsonContext.Default.ResumePayment,
        ["reserve-refund"] = CellJsonContext.Default.ReserveRefund,
        ["release-refund"] = CellJsonContext.Default.ReleaseRefund,
        ["refund-reservation"] = CellJsonContext.Default.RefundReservation,
        ["refund-release-confirmed"] = CellJsonContext.Default.RefundReleaseConfirmed,
        ["payment-outcome"] = CellJsonContext.Default.PaymentOutcome,
        ["payment-view"] = CellJsonContext.Default.PaymentView,
        ["audit-cell"] = CellJsonContext.Default.AuditCell,
        ["cell-audit"] = CellJsonContext.Default.CellAudit,
        ["routing-table"] = CellJsonContext.Default.RoutingTableRecord,
        ["routing-table-adopted.v1"] = CellJsonContext.Default.RoutingTableAdopted,
        ["change-routing"] = CellJsonContext.Default.ChangeRouting,
        ["routing-changed"] = CellJsonContext.Default.RoutingChanged,
        ["routing-change-refused"] = CellJsonContext.Default.RoutingChangeRefused,
        ["get-routing-history"] = CellJsonContext.Default.GetRoutingHistory,
        ["routing-history"] = CellJsonContext.Default.RoutingHistory,
        ["journal-copies"] = CellJsonContext.Default.JournalCopiesRecord,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, string> ManifestByType =
        ByManifest.ToFrozenDictionary(pair => pair.Value.Type, pair => pair.Key);

    /// <summary>Every manifest this serializer reads, for tests that guard the journal format.</summary>
    public static IReadOnlyCollection<string> Manifests => ByManifest.Keys;

    public static IEnumerable<Type> PersistedTypes =>
    [
        typeof(AccountOpened), typeof(AccountPosted), typeof(AccountSnapshot), typeof(PaymentRejected), typeof(PaymentInitiated),
        typeof(PaymentSucceeded), typeof(PaymentCompensating), typeof(PaymentFailed), typeof(RefundReserved), typeof(RefundReleased),
        typeof(RoutingTableAdopted), typeof(AccountMadeHot), typeof(AccountSweptIn), typeof(SubAccountCredited), typeof(SubAccountSwept),
        typeof(SubAccountSnapshot),
    ];

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no AkkaPay manifest", nameof(o));

    public override byte[] ToBinary(object obj) =>
        JsonSerializer.SerializeToUtf8Bytes(obj, ByManifest[Manifest(obj)]);

    public override object FromBinary(byte[] bytes, string manifest) => Deserialize(bytes, manifest);

    /// <summary>Reads back what this serializer wrote, without an actor system (a check of the journal outside the cluster).</summary>
    public static object Deserialize(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var typeInfo)
            ? JsonSerializer.Deserialize(bytes, typeInfo)!
            : throw new System.Runtime.Serialization.SerializationException($"unknown AkkaPay manifest '{manifest}'");
}
