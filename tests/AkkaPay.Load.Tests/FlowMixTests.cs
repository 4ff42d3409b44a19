using AkkaPay.Load;

namespace AkkaPay.Load.Tests;

public class FlowMixTests
{
    [Fact]
    public void Flows_are_picked_in_proportion_to_their_weights()
    {
        var mix = FlowMix.Parse("topup=1,intra=3,hot=0");
        var random = new Random(7);
        var picks = Enumerable.Range(0, 40_000).Select(_ => mix.Pick(random)).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([Flow.TopUp, Flow.IntraCellTransfer], picks.Keys.Order());
        Assert.InRange(picks[Flow.IntraCellTransfer] / (double)picks[Flow.TopUp], 2.8, 3.2);
    }

    [Fact]
    public void The_default_mix_has_every_flow() =>
        Assert.Equal(Enum.GetValues<Flow>().Order(), FlowMix.Parse(FlowMix.Default).Weights.Keys.Order());

    [Theory]
    [InlineData("teleport=1", "unknown flow 'teleport'")]
    [InlineData("topup=-1", "weight of topup")]
    [InlineData("topup=x", "weight of topup")]
    [InlineData("topup=1,topup=2", "given twice")]
    [InlineData("topup=0", "at least one flow")]
    [InlineData("", "at least one flow")]
    public void A_bad_mix_is_refused_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => FlowMix.Parse(text)).Message);
}
