using AkkaPay.Api.Contracts;
using AkkaPay.Api.Endpoints;
using AkkaPay.Api.Http;
using AkkaPay.Cell.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaPay.Api;

public static class ApiHostingExtensions
{
    public static IServiceCollection AddUnitRouterApi(this IServiceCollection services, ApiOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<CellGateway>();
        services.AddSingleton(new AccountCurrencies(options.KnownCurrenciesMax));
        services.AddSingleton<ClusterInspector>();
        services.AddSingleton<RoutingTableClient>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        // the checks themselves are Akka.Hosting's (actor system, cluster membership, the cell's regions)
        services.AddHealthChecks();
        return services;
    }

    public static WebApplication MapUnitRouterApi(this WebApplication app)
    {
        app.UseMiddleware<TraceContext>();
        // Routing misses (unknown path, wrong method) get a problem body like every other error.
        app.UseStatusCodePages(context => Problems.WriteRoutingMiss(context.HttpContext));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        });
        var routed = app.MapGroup("").RequireRoutingTable();
        routed.MapAccountEndpoints();
        routed.MapPaymentEndpoints();
        app.MapAdminEndpoints();
        return app;
    }
}
