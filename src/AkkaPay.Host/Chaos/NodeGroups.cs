namespace AkkaPay.Host.Chaos;

/// <summary>
/// A control group (cgroup v2) per node, so that iptables can tell each node's sockets apart on loopback
/// (`-m cgroup --path`): a node started by the run is born into its group, an attached one is moved into it. The
/// groups live under one folder of this run's own, removed at the end (an attached node that outlives the run goes
/// back to the root group first); the folders of runs that were killed are removed at the next start.
/// </summary>
public sealed class NodeGroups : IDisposable
{
    private const string Prefix = "akkapay-chaos-";
    private readonly string _mount;
    private readonly string _run = $"{Prefix}{Environment.ProcessId}";

    public NodeGroups(IReadOnlyList<string> nodes)
    {
        _mount = Mount() ?? throw new InvalidOperationException(Unavailable());
        foreach (var leftOver in Directory.EnumerateDirectories(_mount, $"{Prefix}*"))
            if (int.TryParse(Path.GetFileName(leftOver)[Prefix.Length..], out var pid) && !Directory.Exists($"/proc/{pid}"))
                Remove(leftOver);
        foreach (var node in nodes) Directory.CreateDirectory(Path.Combine(_mount, _run, node));
    }

    /// <summary>Why there are no groups to make here, or null.</summary>
    public static string? Unavailable() => Mount() is null ? "partitions need a cgroup v2 hierarchy (mount -t cgroup2)" : null;

    /// <summary>The node's group as iptables' cgroup match names it: relative to the hierarchy's root.</summary>
    public string PathOf(string node) => $"{_run}/{node}";

    /// <summary>The file a process writes its own id into to join the node's group (before it execs the node).</summary>
    public string ProcsOf(string node) => Path.Combine(_mount, _run, node, "cgroup.procs");

    /// <summary>Moves a running process into the node's group: sockets it opens from now on carry the group.</summary>
    public void Move(string node, int pid) => File.WriteAllText(ProcsOf(node), $"{pid}");

    public void Dispose() => Remove(Path.Combine(_mount, _run));

    private void Remove(string runFolder)
    {
        foreach (var group in Directory.EnumerateDirectories(runFolder))
        {
            foreach (var pid in File.ReadAllLines(Path.Combine(group, "cgroup.procs")))
                File.WriteAllText(Path.Combine(_mount, "cgroup.procs"), pid);   // a node that runs on keeps running, in the root group
            Directory.Delete(group);
        }
        Directory.Delete(runFolder);
    }

    /// <summary>Where the cgroup v2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified beside v1).</summary>
    private static string? Mount() =>
        File.Exists("/proc/mounts")
            ? File.ReadLines("/proc/mounts").Select(line => line.Split(' ')).FirstOrDefault(fields => fields.Length > 2 && fields[2] == "cgroup2")?[1]
            : null;
}
