namespace AkkaPay.Load;

public enum Flow
{
    TopUp,
    IntraCellTransfer,
    CrossCellTransfer,
    MerchantPayment,
    HotMerchantPayment,
    Refund,
    Withdrawal,
    Replay,
}

/// <summary>Weights of the flows in the mix: "topup=1,intra=4,cross=2,pay=3,hot=1,refund=1,withdraw=1,replay=1".</summary>
public sealed class FlowMix
{
    public static readonly IReadOnlyDictionary<string, Flow> Names = new Dictionary<string, Flow>
    {
        ["topup"] = Flow.TopUp, ["intra"] = Flow.IntraCellTransfer, ["cross"] = Flow.CrossCellTransfer, ["pay"] = Flow.MerchantPayment,
        ["hot"] = Flow.HotMerchantPayment, ["refund"] = Flow.Refund, ["withdraw"] = Flow.Withdrawal, ["replay"] = Flow.Replay,
    };

    /// <summary>The short name of a flow, as the mix and the reports write it.</summary>
    public static string NameOf(Flow flow) => Names.First(pair => pair.Value == flow).Key;

    public const string Default = "topup=1,intra=4,cross=2,pay=3,hot=1,refund=1,withdraw=1,replay=1";

    private readonly (Flow Flow, double Upto)[] _cumulative;

    private FlowMix(IReadOnlyDictionary<Flow, double> weights)
    {
        Weights = weights;
        var total = weights.Values.Sum();
        var running = 0.0;
        _cumulative = [.. weights.Where(w => w.Value > 0).Select(w => (w.Key, running += w.Value / total))];
    }

    public IReadOnlyDictionary<Flow, double> Weights { get; }

    public static FlowMix Parse(string text)
    {
        var weights = new Dictionary<Flow, double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=');
            if (pair.Length != 2 || !Names.TryGetValue(pair[0], out var flow))
                throw new FormatException($"unknown flow '{pair[0]}' (flows: {string.Join(", ", Names.Keys)})");
            if (!double.TryParse(pair[1], System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight < 0)
                throw new FormatException($"the weight of {pair[0]} must be a number from 0 up, not '{pair[1]}'");
            if (!weights.TryAdd(flow, weight)) throw new FormatException($"flow '{pair[0]}' is given twice");
        }
        if (weights.Values.Sum() <= 0) throw new FormatException("the mix needs at least one flow with a weight above 0");
        return new FlowMix(weights);
    }

    public Flow Pick(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (flow, upto) in _cumulative)
            if (roll < upto) return flow;
        return _cumulative[^1].Flow;
    }
}
