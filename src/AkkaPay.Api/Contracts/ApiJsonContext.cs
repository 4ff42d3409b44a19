using System.Text.Json.Serialization;
namespace AkkaPay.Api.Contracts;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(TrafficShiftRequest))]
[JsonSerializable(typeof(TrafficFailoverRequest))]
[JsonSerializable(typeof(TrafficFailoverResponse))]
[JsonSerializable(typeof(TrafficShiftResponse))]
[JsonSerializable(typeof(TrafficHistoryResponse))]
[JsonSerializable(typeof(ChannelMovementRequest))]
[JsonSerializable(typeof(TransferRequest))]
[JsonSerializable(typeof(MerchantPaymentRequest))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(MakeHotRequest))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(EntriesResponse))]
[JsonSerializable(typeof(PaymentResultResponse))]
[JsonSerializable(typeof(PaymentResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(LedgerAuditResponse))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(CellsResponse))]
[JsonSerializable(typeof(SitesResponse))]
[JsonSerializable(typeof(ShardsResponse))]
[JsonSerializable(typeof(CellDetailResponse))]
[JsonSerializable(typeof(TrafficResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
