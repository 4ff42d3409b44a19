namespace AkkaPay.Load;

/// <summary>A traffic shift a run makes while it sends: at <see cref="At"/> into the run, the cell's green share becomes <see cref="GreenPercent"/>.</summary>
public sealed record ShiftStep(string Cell, int GreenPercent, TimeSpan At)
{
    /// <summary>"c0:100@15s": cell c0 to green 100 % fifteen seconds into the run.</summary>
    public static ShiftStep Parse(string text)
    {
        var at = text.Split('@');
        var share = at[0].Split(':');
        if (at.Length != 2 || share.Length != 2 || share[0].Length == 0 || !int.TryParse(share[1], out var green) || !ArrivalSchedule.TryParseDuration(at[1], out var when))
            throw new FormatException($"--shift '{text}' is not CELL:GREEN@TIME (e.g. c0:100@15s)");
        if (green is < 0 or > 100) throw new FormatException($"--shift '{text}': green must be 0–100");
        return new ShiftStep(share[0], green, when);
    }
}

/// <summary>What became of a shift the run made: when it was asked for and when the nodes hosted what the table said, from the start of the run.</summary>
public sealed record ShiftMark(ShiftStep Step, TimeSpan From, TimeSpan To, ShiftOutcome Outcome);

public enum ShiftOutcome
{
    Done,
    Refused,
    TimedOut,
}
