using Akka.Actor;

namespace AkkaPay.Testing;

/// <summary>
/// Stands in front of another cell's shard region the way a bad network would: each message is dropped,
/// delivered with its reply lost, delivered twice, or delivered as sent, at the rates last set with
/// <see cref="Faults"/>. Seeded, so a failing run can be repeated.
/// </summary>
public sealed class LossyLink : ReceiveActor
{
    public sealed record Faults(double DropRequest, double DropReply, double Duplicate)
    {
        public static readonly Faults None = new(0, 0, 0);
    }

    public LossyLink(IActorRef region, int seed)
    {
        var random = new Random(seed);
        var faults = Faults.None;
        Receive<Faults>(next => faults = next);
        ReceiveAny(message =>
        {
            var roll = random.NextDouble();
            if ((roll -= faults.DropRequest) < 0) return;
            if ((roll -= faults.DropReply) < 0)
            {
                region.Tell(message, ActorRefs.NoSender);
                return;
            }
            region.Forward(message);
            if (roll - faults.Duplicate < 0) region.Forward(message);
        });
    }
}
