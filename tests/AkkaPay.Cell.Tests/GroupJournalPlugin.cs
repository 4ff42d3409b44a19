using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaPay.Cell.Persistence;

namespace AkkaPay.Cell.Tests;

/// <summary>The group-commit journal as a test configures and speaks to it: its HOCON, the plugin's actor, and writes in Akka's journal protocol.</summary>
public static class GroupJournalPlugin
{
    /// <param name="cell">The cell whose journal it is (its writes fenced by the epoch the system holds); null for a journal of no cell.</param>
    public static string Hocon(string pluginId, JournalOptions journal, string? cell) => $$"""
        {{pluginId}} {
          class = "AkkaPay.Cell.Persistence.GroupCommit.GroupCommitJournal, AkkaPay.Cell"
          plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
          provider = {{journal.Provider}}
          connection-string = "{{journal.ConnectionString}}"
          {{(cell is null ? "" : $"cell = {cell}")}}
        }

        """;

    public static IActorRef Journal(ActorSystem system, string pluginId) => Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(pluginId);

    /// <summary>One atomic write of <paramref name="persistenceId"/>'s events, each payload "pid-seq".</summary>
    public static AtomicWrite Write(string writer, string persistenceId, string? tag, params long[] sequenceNrs) =>
        new(ImmutableList.CreateRange(sequenceNrs.Select(seq =>
        {
            object payload = $"{persistenceId}-{seq}";
            return (IPersistentRepresentation)new Persistent(
                tag is null ? payload : new Tagged(payload, [tag]), seq, persistenceId, "", false, ActorRefs.NoSender, writer);
        })));
}
