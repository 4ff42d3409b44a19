namespace AkkaPay.Chaos.Checking;

/// <summary>No double writer: every stream's sequence numbers run 1, 2, 3… without a gap, and a writer that was followed by another never writes again.</summary>
public static class JournalChecks
{
    public static IEnumerable<Anomaly> Check(IEnumerable<StoredStream> streams, IEnumerable<RefusedWrite> refusedWrites)
    {
        foreach (var stream in streams)
        {
            var expected = 1L;
            var done = new HashSet<string>();
            string? writer = null;
            foreach (var stored in stream.Events)
            {
                if (stored.SequenceNr != expected)
                    yield return new Anomaly(AnomalyKinds.JournalGap, $"{stream.Cell}/{stream.PersistenceId}", $"sequence number {stored.SequenceNr} follows {expected - 1}", []);
                expected = stored.SequenceNr + 1;
                if (stored.Writer == writer) continue;
                if (writer is not null) done.Add(writer);
                if (done.Contains(stored.Writer))
                    yield return new Anomaly(AnomalyKinds.SecondWriter, $"{stream.Cell}/{stream.PersistenceId}",
                        $"writer {stored.Writer} wrote sequence number {stored.SequenceNr} after writer {writer} had taken over", []);
                writer = stored.Writer;
            }
        }
        foreach (var refused in refusedWrites)
            yield return new Anomaly(AnomalyKinds.SecondWriterRefused, refused.PersistenceId,
                $"{refused.Node} tried to write sequence number {refused.SequenceNr} that another writer held (at {refused.AtMs / 1000:0.0} s)", []);
    }
}
