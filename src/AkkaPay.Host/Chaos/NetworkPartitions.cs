using System.Diagnostics;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Real packet loss between one node and the rest, with iptables on loopback. Each node runs in a control group of
/// its own (<see cref="NodeGroups"/>); a mangle rule sets the node's bit in the mark of every connection its sockets
/// send on (it opened it, or answered it), so a connection between two nodes carries both bits. Cutting the node drops
/// every packet on the remoting ports of the connections with its bit, and of every connection to or from its own
/// remoting port (a node attached to the run accepts on a socket it opened before it joined its group), both ways;
/// healing deletes the rules. New connections the node tries meanwhile are dropped too. The rules live in chains of
/// this run's own, removed at the end. Needs root and iptables.
/// </summary>
public sealed class NetworkPartitions : IDisposable
{
    private const string ChainPrefix = "AKKAPAY-CHAOS-";
    private readonly string _chain = $"{ChainPrefix}{Environment.ProcessId}";
    private readonly IReadOnlyList<int> _remotingPorts;
    private readonly IReadOnlyDictionary<string, int> _remotingPortOf;
    private readonly Dictionary<string, int> _bitByNode;

    /// <summary>Why partitions cannot be made here, or null when they can.</summary>
    public static string? Unavailable() =>
        Environment.UserName != "root" ? "partitions need root (iptables rules on loopback)"
        : !File.Exists("/usr/sbin/iptables") && !File.Exists("/sbin/iptables") ? "partitions need iptables (apt-get install iptables)"
        : NodeGroups.Unavailable();

    /// <param name="remotingPortOf">Each node's remoting port; at most 31 nodes.</param>
    public NetworkPartitions(NodeGroups groups, IReadOnlyDictionary<string, int> remotingPortOf)
    {
        if (remotingPortOf.Count > 31) throw new ArgumentException("at most 31 nodes can be partitioned (a bit of the connection mark each)", nameof(remotingPortOf));
        _bitByNode = remotingPortOf.Keys.Select((node, i) => (node, Bit: 1 << i)).ToDictionary(n => n.node, n => n.Bit);
        _remotingPortOf = remotingPortOf;
        _remotingPorts = [.. remotingPortOf.Values];
        foreach (var table in new[] { "mangle", "filter" })
        {
            RemoveLeftOvers(table);
            IpTables(table, "-N", _chain);
            IpTables(table, "-I", "OUTPUT", "-j", _chain);
        }
        foreach (var node in remotingPortOf.Keys)
            IpTables("mangle", "-A", _chain, "-m", "cgroup", "--path", groups.PathOf(node), "-j", "CONNMARK", "--or-mark", $"{_bitByNode[node]}");
    }

    public void Cut(string node)
    {
        foreach (var rule in Rules(node)) IpTables("filter", "-A", [_chain, .. rule]);
    }

    public void Heal(string node)
    {
        foreach (var rule in Rules(node)) IpTables("filter", "-D", [_chain, .. rule]);
    }

    /// <summary>
    /// Resets every connection on the remoting ports (ss -K): the nodes connect again, from sockets that carry their
    /// groups. What an attached run does once, after it moved the running nodes into their groups.
    /// </summary>
    public void ResetRemotingConnections()
    {
        var ports = string.Join(" or ", _remotingPorts.Select(port => $"sport = :{port} or dport = :{port}"));
        using var ss = Process.Start(new ProcessStartInfo("ss", ["-K", "-t", $"( {ports} )"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        ss.StandardOutput.ReadToEnd();
        var error = ss.StandardError.ReadToEnd();
        ss.WaitForExit();
        if (ss.ExitCode != 0) throw new InvalidOperationException($"ss -K: {error.Trim()}");
    }

    public void Dispose()
    {
        foreach (var table in new[] { "mangle", "filter" }) Remove(table, _chain);
    }

    /// <summary>The chains of runs that were killed before they could remove them (their process is gone).</summary>
    private static void RemoveLeftOvers(string table)
    {
        foreach (var line in IpTables(table, "-S").Split('\n'))
            if (line.StartsWith($"-N {ChainPrefix}", StringComparison.Ordinal) && int.TryParse(line[(3 + ChainPrefix.Length)..], out var pid) && !Directory.Exists($"/proc/{pid}"))
                Remove(table, line[3..]);
    }

    private static void Remove(string table, string chain)
    {
        IpTables(table, "-D", "OUTPUT", "-j", chain);
        IpTables(table, "-F", chain);
        IpTables(table, "-X", chain);
    }

    private IEnumerable<string[]> Rules(string node) =>
    [
        .. _remotingPorts.Select(port => (string[])["-o", "lo", "-p", "tcp", "-m", "connmark", "--mark", $"{_bitByNode[node]}/{_bitByNode[node]}", "-m", "multiport", "--ports", $"{port}", "-j", "DROP"]),
        ["-o", "lo", "-p", "tcp", "-m", "multiport", "--ports", $"{_remotingPortOf[node]}", "-j", "DROP"],
    ];

    /// <returns>What iptables printed.</returns>
    private static string IpTables(string table, string action, params string[] rest)
    {
        using var iptables = Process.Start(new ProcessStartInfo("iptables", ["-w", "-t", table, action, .. rest]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = iptables.StandardOutput.ReadToEndAsync();
        var error = iptables.StandardError.ReadToEnd();
        iptables.WaitForExit();
        if (iptables.ExitCode != 0) throw new InvalidOperationException($"iptables -t {table} {action} {string.Join(' ', rest)}: {error.Trim()}");
        return output.Result;
    }
}
