using Xunit;

namespace AkkaPay.Testing;

/// <summary>Waits for something the system does asynchronously: polls a condition, fails with <c>what</c> after the bound.</summary>
public static class Probe
{
    public static Task Until(Func<Task<bool>> condition, TimeSpan within, string what) => Until(condition, within, () => what);

    /// <summary>As above, with a failure message built when the bound passes (to say what the last poll saw).</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan within, Func<string> what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline) Assert.Fail($"{what()} (waited {within.TotalSeconds:0} s)");
            await Task.Delay(50);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan within, string what) =>
        Until(() => Task.FromResult(condition()), within, what);

    public static Task Until(Func<bool> condition, TimeSpan within, Func<string> what) =>
        Until(() => Task.FromResult(condition()), within, what);
}
