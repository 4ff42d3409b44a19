using System.Reflection;

namespace AkkaPay.Host.Chaos;

/// <summary>How a node's process is started, and started again after a kill: program, arguments, folder, environment.</summary>
/// <param name="Environment">The whole environment to start it with; null: this process's own.</param>
public sealed record NodeLaunch(string File, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string>? Environment)
{
    /// <summary>This executable (the apphost, or dotnet with the entry assembly) with these arguments.</summary>
    public static NodeLaunch OfThisExecutable(IReadOnlyList<string> arguments)
    {
        var path = System.Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? new NodeLaunch(path, [Assembly.GetEntryAssembly()!.Location, .. arguments], System.Environment.CurrentDirectory, null)
            : new NodeLaunch(path, arguments, System.Environment.CurrentDirectory, null);
    }

    /// <summary>How a running process was started, from /proc: what a supervisor would run again in its place.</summary>
    public static NodeLaunch Of(int pid)
    {
        static string[] Strings(string file) => System.IO.File.ReadAllText(file).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var command = Strings($"/proc/{pid}/cmdline");
        var environment = Strings($"/proc/{pid}/environ").Select(entry => entry.Split('=', 2)).Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0]).ToDictionary(group => group.Key, group => group.Last()[1]);
        var folder = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget ?? throw new InvalidOperationException($"the working folder of process {pid} is unknown");
        return new NodeLaunch(command[0], command[1..], folder, environment);
    }
}
