using AkkaPay.Domain.Accounts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AkkaPay.Domain.Tests;

/// <summary>
/// An entry log is an immutable value although its versions share storage: whatever version an entry is appended
/// to (the newest, an older one, or an older one again with the entry a later version already has), every version
/// keeps finding exactly the postings it booked, keeps its newest entries in order, and its snapshot form restores
/// a log that finds the same postings. A log keeping 4 entries makes every run drop old entries.
/// </summary>
public class EntryLogProperties
{
    private const int Kept = 4;
    private static readonly DateTimeOffset At = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <param name="Version">Which version to append to (modulo the versions made so far).</param>
    /// <param name="Repeat">Append the entry the next version in line already holds, if there is one, instead of a new one.</param>
    public sealed record Step(int Version, bool Repeat);

    private static Arbitrary<Step[]> Steps() =>
        (from version in Gen.Choose(0, 1_000)
         from repeat in Gen.Elements(false, false, true)
         select new Step(version, repeat)).ArrayOf().ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Every_version_finds_exactly_its_own_postings_and_keeps_its_newest_entries() =>
        Prop.ForAll(Steps(), steps =>
        {
            var versions = new List<(EntryLog Log, List<AccountEntry> Model)> { (EntryLog.Keeping(Kept), []) };
            var next = 0;
            foreach (var step in steps)
            {
                var (log, model) = versions[step.Version % versions.Count];
                var successor = versions.FirstOrDefault(v => v.Model.Count == model.Count + 1 && v.Model.Take(model.Count).SequenceEqual(model));
                var entry = step.Repeat && successor.Log is not null ? successor.Model[^1] : Entry(next++);
                versions.Add((log.Append(entry), [.. model, entry]));
            }
            var postingIds = Enumerable.Range(0, next).Select(i => $"p{i}").ToList();
            return versions.All(v =>
            {
                var restored = EntryLog.Restore(v.Log.EarlierPostings(), v.Log.Recent);
                var newest = v.Log.Newest(3);
                return v.Log.Count == v.Model.Count
                    && v.Log.Recent.Count <= Kept
                    && v.Log.Recent.SequenceEqual(v.Model.TakeLast(v.Log.Recent.Count))
                    && newest.SequenceEqual(Enumerable.Reverse(v.Model).Take(newest.Count))
                    && restored.Count == v.Model.Count
                    && postingIds.All(id =>
                    {
                        var booked = v.Model.Any(e => e.PostingId == id);
                        return v.Log.TryFind(id, out var found) == booked && (found is null || v.Model.Contains(found))
                            && restored.TryFind(id, out _) == booked;
                    });
            });
        });

    private static AccountEntry Entry(int n) => new($"p{n}", $"pay{n}", n + 1, n + 1, At);
}
