using Akka;
using Akka.Actor;
using Akka.Persistence;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Benchmarks;

/// <summary>A persistent actor that persists small events one at a time on the cell's journal: the journal's ceiling.</summary>
public sealed class EventWriter : ReceivePersistentActor
{
    public EventWriter(string persistenceId, string journalPluginId)
    {
        PersistenceId = persistenceId;
        JournalPluginId = journalPluginId;
        Command<int>(count =>
        {
            var sender = Sender;
            var left = count;
            void Next()
            {
                if (left-- == 0)
                {
                    sender.Tell(Done.Instance);
                    return;
                }
                Persist(new PaymentSucceeded(DateTimeOffset.UtcNow), _ => Next());
            }
            Next();
        });
    }

    public override string PersistenceId { get; }
}
