using Akka.Actor;
using AkkaPay.Api;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Serialization;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Api.Tests;

/// <summary>A message bigger than remoting's frame is dropped: the router would see a cell that does not answer.</summary>
public class RemotingFrameTests
{
    /// <summary>Room for what remoting wraps around the message: the sender's and recipient's paths, the manifest.</summary>
    private const int EnvelopeRoom = 4 * 1024;

    [Fact]
    public void The_largest_page_of_entries_the_api_asks_for_fits_in_one_remoting_frame()
    {
        using var system = ActorSystem.Create("frames");
        var serializer = new AkkaPaySerializer((ExtendedActorSystem)system);
        // the longest ids there are: a 16-digit account, the longest requestId, the longest posting name
        var paymentId = $"2088000000000137-{new string('x', PaymentId.RequestIdLengthMax)}";
        var entry = new AccountEntry($"{paymentId}/in-transit-reversal", paymentId, long.MinValue + 1, long.MaxValue, DateTimeOffset.MaxValue);
        var page = new AccountEntries(AccountId.Parse("2088000000000137"), [.. Enumerable.Repeat(entry, new ApiOptions { AdminToken = "unused" }.EntriesLimitMax)]);

        var size = serializer.ToBinary(page).Length;

        Assert.True(size + EnvelopeRoom <= ClusterNodeExtensions.RemoteFrameSizeMax, $"{size} bytes do not fit in a frame of {ClusterNodeExtensions.RemoteFrameSizeMax}");
    }
}
