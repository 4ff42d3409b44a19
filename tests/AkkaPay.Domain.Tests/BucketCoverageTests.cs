using AkkaPay.Domain.Routing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AkkaPay.Domain.Tests;

public class BucketCoverageTests
{
    [Theory]
    [InlineData("00-99", 0, 99)]
    [InlineData("37", 37, 37)]
    [InlineData("25-49", 25, 49)]
    public void Ranges_parse(string text, int first, int last)
    {
        Assert.True(BucketRange.TryParse(text, out var range));
        Assert.Equal(new BucketRange(first, last), range);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0-99")]
    [InlineData("00-100")]
    [InlineData("50-49")]
    [InlineData("00-10-20")]
    [InlineData("ab")]
    public void Anything_else_is_not_a_range(string text) => Assert.False(BucketRange.TryParse(text, out _));

    [Fact]
    public void A_missing_bucket_and_a_bucket_owned_twice_are_both_named()
    {
        var problems = BucketCoverage.Problems(new Dictionary<string, IReadOnlyList<BucketRange>>
        {
            ["c0"] = [new BucketRange(0, 49)],
            ["c1"] = [new BucketRange(49, 97)],
        });
        Assert.Contains(problems, p => p.Contains("98, 99"));
        Assert.Contains(problems, p => p.Contains("bucket 49") && p.Contains("c0") && p.Contains("c1"));
    }

    [Property(MaxTest = 200)]
    public Property Any_split_of_the_buckets_into_consecutive_ranges_covers_each_bucket_once() =>
        Prop.ForAll(Gen.SubListOf(Enumerable.Range(1, 99).ToArray()).ToArbitrary(), cuts =>
        {
            var bounds = cuts.Order().Prepend(0).Append(100).ToArray();
            var cells = Enumerable.Range(0, bounds.Length - 1).ToDictionary(
                i => $"c{i}", i => (IReadOnlyList<BucketRange>)[new BucketRange(bounds[i], bounds[i + 1] - 1)]);
            var dropped = cells.Count > 1 ? cells.Remove("c0") : false;
            return BucketCoverage.Problems(cells).Count == 0 == !dropped;
        });
}
