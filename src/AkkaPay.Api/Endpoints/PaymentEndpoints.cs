using AkkaPay.Api.Contracts;
using AkkaPay.Api.Http;
using AkkaPay.Cell.Payments;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AkkaPay.Api.Endpoints;

public static class PaymentEndpoints
{
    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/topups", TopUp);
        routes.MapPost("/v1/withdrawals", Withdraw);
        routes.MapPost("/v1/transfers", Transfer);
        routes.MapPost("/v1/payments", PayMerchant);
        routes.MapPost("/v1/refunds", Refund);
        routes.MapGet("/v1/payments/{paymentId}", Get);
        return routes;
    }

    private static Task<IResult> TopUp(HttpContext http, CellGateway cell, AccountCurrencies currencies) =>
        ChannelMovement(http, cell, currencies, PaymentOrder.TopUp);

    private static Task<IResult> Withdraw(HttpContext http, CellGateway cell, AccountCurrencies currencies) =>
        ChannelMovement(http, cell, currencies, PaymentOrder.Withdrawal);

    private static async Task<IResult> ChannelMovement(
        HttpContext http, CellGateway cell, AccountCurrencies currencies, Func<AccountId, long, Currency, string?, PaymentOrder> order)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.ChannelMovementRequest);
        if (body is null) return Problems.From(http, unread!);
        var invalid = Fields.First(
            Fields.RequestId(body.RequestId), Fields.CustomerAccount("accountId", body.AccountId, out var account),
            Fields.Amount(body.Amount), Fields.OptionalText("channel", body.Channel));
        if (invalid is not null) return Problems.Validation(http, invalid);
        return await AccountEndpoints.WithCurrency(http, cell, currencies, account, currency =>
            Pay(http, cell, order(account, body.Amount, currency, body.Channel), body.RequestId));
    }

    private static async Task<IResult> Transfer(HttpContext http, CellGateway cell)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.TransferRequest);
        if (body is null) return Problems.From(http, unread!);
        var invalid = Fields.First(
            Fields.RequestId(body.RequestId), Fields.CustomerAccount("from", body.From, out var from),
            Fields.CustomerAccount("to", body.To, out var to), Fields.Amount(body.Amount), Fields.Currency(body.Currency, out var currency),
            body.From == body.To ? "from and to must be different accounts" : null);
        if (invalid is not null) return Problems.Validation(http, invalid);
        return await Pay(http, cell, PaymentOrder.Transfer(from, to, body.Amount, currency), body.RequestId);
    }

    private static async Task<IResult> PayMerchant(HttpContext http, CellGateway cell, AccountCurrencies currencies)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.MerchantPaymentRequest);
        if (body is null) return Problems.From(http, unread!);
        var invalid = Fields.First(
            Fields.RequestId(body.RequestId), Fields.CustomerAccount("payer", body.Payer, out var payer),
            Fields.CustomerAccount("merchant", body.Merchant, out var merchant), Fields.Amount(body.Amount),
            Fields.OptionalText("orderId", body.OrderId), body.Payer == body.Merchant ? "payer and merchant must be different accounts" : null);
        if (invalid is not null) return Problems.Validation(http, invalid);
        return await AccountEndpoints.WithCurrency(http, cell, currencies, payer, currency =>
            Pay(http, cell, PaymentOrder.MerchantPayment(payer, merchant, body.Amount, currency, body.OrderId), body.RequestId));
    }

    private static async Task<IResult> Refund(HttpContext http, CellGateway cell)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.RefundRequest);
        if (body is null) return Problems.From(http, unread!);
        var invalid = Fields.First(
            Fields.RequestId(body.RequestId),
            PaymentId.TryParse(body.PaymentId, out var original) ? null : "paymentId must be a payment id as returned by POST /v1/payments",
            Fields.Amount(body.Amount));
        if (invalid is not null) return Problems.Validation(http, invalid);

        return await cell.AskPayment(new GetPayment(original), http.RequestAborted) switch
        {
            PaymentView { Exists: false } => Problems.From(http, new Rejection(RejectionCodes.PaymentNotFound, $"payment {original} does not exist")),
            PaymentView { Order.Kind: not PaymentKind.MerchantPayment } => Problems.From(http,
                new Rejection(RejectionCodes.PaymentNotRefundable, $"payment {original} is not a merchant payment")),
            PaymentView paid => await Pay(http, cell,
                PaymentOrder.Refund(original, paid.Order!.Payee, paid.Order.Payer, body.Amount, paid.Order.Currency), body.RequestId),
            _ => Problems.From(http, CellGateway.Unavailable),
        };
    }

    private static async Task<IResult> Get(HttpContext http, CellGateway cell, string paymentId)
    {
        if (!PaymentId.TryParse(paymentId, out var id)) return Problems.Validation(http, "not a payment id");
        return await cell.AskPayment(new GetPayment(id), http.RequestAborted) switch
        {
            PaymentView { Exists: false } => Problems.From(http, new Rejection(RejectionCodes.PaymentNotFound, $"payment {id} does not exist")),
            PaymentView view => Results.Json(Response(view), ApiJsonContext.Default.PaymentResponse),
            _ => Problems.From(http, CellGateway.Unavailable),
        };
    }

    private static async Task<IResult> Pay(HttpContext http, CellGateway cell, PaymentOrder order, string requestId)
    {
        var id = PaymentId.For(order.Scope, requestId);
        return await cell.AskPayment(new StartPayment(id, order, TraceContext.TraceIdOf(http)), http.RequestAborted) switch
        {
            PaymentOutcome { Status: PaymentStatus.Succeeded or PaymentStatus.InTransit } done => Results.Json(
                new PaymentResultResponse(done.PaymentId, Wire.Of(done.Status), order.Kind == PaymentKind.MerchantPayment ? done.Fee : null),
                ApiJsonContext.Default.PaymentResultResponse,
                statusCode: done.Status == PaymentStatus.InTransit ? StatusCodes.Status202Accepted : StatusCodes.Status200OK),
            PaymentOutcome { Failure: { } why } failed => Problems.From(http, why, failed.PaymentId),
            _ => Problems.From(http, CellGateway.Unavailable, id.Value),
        };
    }

    private static PaymentResponse Response(PaymentView view)
    {
        var order = view.Order!;
        return new PaymentResponse(
            view.PaymentId, Wire.Of(order.Kind), Wire.Of(view.Status), order.Amount, order.Currency.Code, order.Payer.Value, order.Payee.Value,
            view.Fee, view.Refunded, order.RefundOf, order.Channel, order.OrderId, view.TraceId!,
            view.Failure is { } why ? new PaymentFailureResponse(why.Code, why.Detail) : null,
            view.History.Select(step => new PaymentStepResponse(step.Step, step.At, step.Detail)).ToList());
    }
}
