using System.Text.Json;
using System.Text.Json.Serialization;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Cell.Serialization;

/// <summary>Domain ids and currencies travel as their plain string form.</summary>
public sealed class AccountIdJsonConverter : JsonConverter<AccountId>
{
    public override AccountId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AccountId.Parse(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, AccountId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

public sealed class CurrencyJsonConverter : JsonConverter<Currency>
{
    public override Currency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Currency.Parse(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, Currency value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Code);
}

public sealed class PaymentIdJsonConverter : JsonConverter<PaymentId>
{
    public override PaymentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PaymentId.Parse(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, PaymentId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
