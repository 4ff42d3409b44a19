using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using AkkaPay.Cell;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaPay.Testing;

/// <summary>A real single-node cluster hosting cell c0 on the given journal, as `akkapay up` wires it, minus HTTP.</summary>
public sealed class CellNode : IAsyncDisposable
{
    private readonly IHost _host;

    private CellNode(IHost host, CellOptions options)
    {
        _host = host;
        Options = options;
        System = host.Services.GetRequiredService<ActorSystem>();
        var registry = host.Services.GetRequiredService<ActorRegistry>();
        Accounts = registry.Get<AccountRegion>();
        Payments = registry.Get<PaymentRegion>();
    }

    public ActorSystem System { get; }
    public IActorRef Accounts { get; }
    public IActorRef Payments { get; }
    public CellOptions Options { get; }

    public static async Task<CellNode> StartAsync(JournalOptions journal, Func<CellOptions, CellOptions>? configure = null)
    {
        var options = new CellOptions("c0", journal);
        options = configure?.Invoke(options) ?? options;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("akkapay-test", akka => akka
            .WithSelfJoiningCluster(["router", options.Role])
            .WithAkkaPaySerializer()
            .WithCell(options, TimeProvider.System));
        var host = builder.Build();
        await host.StartAsync();
        var node = new CellNode(host, options);
        await node.WhenUp();
        return node;
    }

    public Task<T> Ask<T>(ICellMessage message) =>
        (message is Cell.Payments.StartPayment or Cell.Payments.GetPayment or Cell.Payments.ReserveRefund or Cell.Payments.ReleaseRefund ? Payments : Accounts)
        .Ask<T>(message, TimeSpan.FromSeconds(30));

    private Task WhenUp()
    {
        var up = new TaskCompletionSource();
        Cluster.Get(System).RegisterOnMemberUp(up.SetResult);
        return up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
