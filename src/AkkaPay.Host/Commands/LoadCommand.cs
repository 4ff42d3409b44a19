using System.CommandLine;
using AkkaPay.Load;
using Spectre.Console;

namespace AkkaPay.Host.Commands;

/// <summary>
/// `akkapay load`: an open-loop load generator against one or more unit routers, with a live view, a summary
/// table, a ledger check and a report folder (summary.json, plots, index.html).
/// </summary>
public static class LoadCommand
{
    public static Command Create()
    {
        var targets = new Option<string[]>("--target") { Description = "unit router URL (repeat for several; loopback)", DefaultValueFactory = _ => ["http://127.0.0.1:8080"], AllowMultipleArgumentsPerToken = true };
        var accounts = new Option<int>("--accounts") { Description = "personal accounts to create and fund (spread over all buckets)", DefaultValueFactory = _ => 1_000 };
        var reuse = new Option<string?>("--reuse") { Description = "an accounts.json of an earlier run: use its accounts instead of creating new ones" };
        var rate = new Option<double?>("--rate") { Description = "requests per second (open loop)" };
        var ramp = new Option<string?>("--ramp") { Description = "steps RATE:DURATION,... (e.g. 500:10s,1000:10s,2000:10s) to find the peak" };
        var duration = new Option<string>("--duration") { Description = "how long to send at --rate (500ms, 10s, 2m)", DefaultValueFactory = _ => "10s" };
        var maxRequests = new Option<long?>("--max-requests") { Description = "stop after this many requests" };
        var mix = new Option<string>("--mix") { Description = $"flow weights (flows: {string.Join(", ", FlowMix.Names.Keys)})", DefaultValueFactory = _ => FlowMix.Default };
        var report = new Option<string?>("--report") { Description = "report folder (default ./load-reports/<time>)" };
        var token = new Option<string?>("--token") { Description = $"operator token for the ledger check (default: ${AdminToken.EnvironmentVariable})" };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "requests out at once before new ones count as client_overloaded", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int?>("--seed") { Description = "random seed of the workload (default: new each run)" };
        var shifts = new Option<string[]>("--shift")
        {
            Description = "CELL:GREEN@TIME, e.g. c0:100@15s: shift the cell's traffic to that green share at that time into the run, through the first target (needs the operator token); repeat for several",
            DefaultValueFactory = _ => [],
        };

        var command = new Command("load", "send an open-loop load to unit routers; print a summary, check the ledger, write a report")
        {
            targets, accounts, reuse, rate, ramp, duration, maxRequests, mix, report, token, maxInFlight, seed, shifts,
        };
        command.SetAction(async (parsed, cancel) =>
        {
            LoadPlan plan;
            try
            {
                plan = new LoadPlan(
                    [.. parsed.GetValue(targets)!.Select(Target)],
                    parsed.GetValue(accounts),
                    parsed.GetValue(reuse),
                    Schedule(parsed.GetValue(rate), parsed.GetValue(ramp), parsed.GetValue(duration)!, parsed.GetValue(maxRequests)),
                    FlowMix.Parse(parsed.GetValue(mix)!),
                    parsed.GetValue(report) ?? Path.Combine("load-reports", DateTime.Now.ToString("yyyyMMdd-HHmmss")),
                    parsed.GetValue(token) ?? AdminToken.FromEnvironment(),
                    parsed.GetValue(maxInFlight),
                    parsed.GetValue(seed) ?? Random.Shared.Next(),
                    [.. parsed.GetValue(shifts)!.Select(ShiftStep.Parse)]);
                if (plan.Accounts < 2 && plan.Reuse is null) throw new FormatException("--accounts must be at least 2");
                if (plan.Shifts.Count > 0 && plan.OperatorToken is null) throw new FormatException("--shift needs the operator token (--token)");
                if (plan.Shifts.FirstOrDefault(shift => shift.At >= plan.Schedule.Duration) is { } late)
                    throw new FormatException($"--shift {late.Cell}:{late.GreenPercent} at {late.At.TotalSeconds:0.#} s is past the end of the run ({plan.Schedule.Duration.TotalSeconds:0.#} s)");
                if (plan.MaxInFlight < 1) throw new FormatException("--max-in-flight must be at least 1");
            }
            catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException)
            {
                await Console.Error.WriteLineAsync($"akkapay load: {e.Message}");
                return ExitCodes.Refused;
            }
            return await LoadSession.RunAsync(plan, cancel);
        });
        return command;
    }

    private static Uri Target(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"--target '{text}' is not an http URL");

    private static ArrivalSchedule Schedule(double? rate, string? ramp, string duration, long? maxRequests)
    {
        if (rate is not null && ramp is not null) throw new FormatException("give --rate or --ramp, not both");
        if (ramp is not null) return ArrivalSchedule.Ramp(ArrivalSchedule.ParseRamp(ramp), maxRequests);
        if (!ArrivalSchedule.TryParseDuration(duration, out var span)) throw new FormatException($"--duration '{duration}' is not a duration (500ms, 10s, 2m)");
        if (rate is not { } perSecond) throw new FormatException("give --rate (requests per second) or --ramp");
        return ArrivalSchedule.Constant(perSecond, span, maxRequests);
    }
}
