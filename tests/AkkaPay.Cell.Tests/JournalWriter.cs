using Akka;
using Akka.Actor;
using Akka.Persistence;

namespace AkkaPay.Cell.Tests;

/// <summary>Writes an event into a persistence id of the cell's journal, as if its entity had done so and then crashed.</summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    public JournalWriter(string persistenceId, string journalPluginId)
    {
        PersistenceId = persistenceId;
        JournalPluginId = journalPluginId;
        Command<object>(e => Persist(e, _ => Sender.Tell(Done.Instance)));
    }

    public override string PersistenceId { get; }
}

public static class JournalWrites
{
    public static Task Write(ActorSystem system, string persistenceId, string journalPluginId, object @event) =>
        system.ActorOf(Props.Create(() => new JournalWriter(persistenceId, journalPluginId)))
            .Ask<Done>(@event, TimeSpan.FromSeconds(30));
}
