using AkkaPay.Cell.Hosting;
using AkkaPay.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaPay.Api.Http;

/// <summary>Endpoints that route by the routing table answer 503 until this node has received it and started every cell's regions.</summary>
public static class RoutingReadiness
{
    public static readonly Rejection Starting = new(RejectionCodes.CellUnavailable,
        "this node is starting: the cluster's routing table or the cells' shard regions are not here yet; retry shortly");

    public static RouteGroupBuilder RequireRoutingTable(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<CellDirectory>().IsComplete
                ? await next(context)
                : Problems.From(context.HttpContext, Starting));
}
