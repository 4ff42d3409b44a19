using Akka.Actor;

namespace AkkaPay.Cell.Payments;

/// <summary>
/// One periodic tick per cell and node for every payment waiting on a step (<see cref="AwaitingPayments"/>): each
/// payment counts the ticks since it sent its step and sends it again when it has gone unanswered too long.
/// </summary>
public sealed class StepRetryClock : ReceiveActor, IWithTimers
{
    public StepRetryClock(AwaitingPayments awaiting, TimeSpan interval)
    {
        Receive<Tick>(_ =>
        {
            foreach (var payment in awaiting) payment.Tell(RetryTick.Instance);
        });
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, interval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}

/// <summary>Told to a waiting payment once per retry interval.</summary>
public sealed record RetryTick
{
    public static readonly RetryTick Instance = new();
}
