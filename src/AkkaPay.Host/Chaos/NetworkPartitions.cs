using System.Diagnostics;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Real packet loss between one node and the rest, with iptables on loopback. Each node runs with a group id of its
/// own; a mangle rule sets the node's bit in the mark of every connection its sockets send on (it opened it, or
/// answered it), so a connection between two nodes carries both bits; cutting the node drops every packet of the
/// connections with its bit on the remoting ports, both ways, and healing deletes the rule. New connections the node tries meanwhile are marked and dropped too. The rules live in
/// chains of this run's own, removed at the end. Needs root and iptables.
/// </summary>
public sealed class NetworkPartitions : IDisposable
{
    private const string ChainPrefix = "AKKAPAY-CHAOS-";
    private readonly string _chain = $"{ChainPrefix}{Environment.ProcessId}";
    private readonly IReadOnlyList<int> _remotingPorts;
    private readonly Dictionary<string, int> _bitByNode;

    /// <summary>Why partitions cannot be made here, or null when they can.</summary>
    public static string? Unavailable() =>
        Environment.UserName != "root" ? "partitions need root (iptables rules on loopback)"
        : !File.Exists("/usr/sbin/iptables") && !File.Exists("/sbin/iptables") ? "partitions need iptables (apt-get install iptables)"
        : null;

    /// <param name="groupByNode">The group id each node runs with (<see cref="NodeProcess"/>); at most 31 nodes.</param>
    public NetworkPartitions(IReadOnlyDictionary<string, int> groupByNode, IReadOnlyList<int> remotingPorts)
    {
        if (groupByNode.Count > 31) throw new ArgumentException("at most 31 nodes can be partitioned (a bit of the connection mark each)", nameof(groupByNode));
        _bitByNode = groupByNode.Keys.Select((node, i) => (node, Bit: 1 << i)).ToDictionary(n => n.node, n => n.Bit);
        _remotingPorts = remotingPorts;
        foreach (var table in new[] { "mangle", "filter" })
        {
            RemoveLeftOvers(table);
            IpTables(table, "-N", _chain);
            IpTables(table, "-I", "OUTPUT", "-j", _chain);
        }
        foreach (var (node, group) in groupByNode)
            IpTables("mangle", "-A", _chain, "-m", "owner", "--gid-owner", $"{group}", "-j", "CONNMARK", "--or-mark", $"{_bitByNode[node]}");
    }

    public void Cut(string node)
    {
        foreach (var port in _remotingPorts) IpTables("filter", "-A", [_chain, .. Rule(node, port)]);
    }

    public void Heal(string node)
    {
        foreach (var port in _remotingPorts) IpTables("filter", "-D", [_chain, .. Rule(node, port)]);
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

    private IEnumerable<string> Rule(string node, int port) =>
        ["-o", "lo", "-p", "tcp", "-m", "connmark", "--mark", $"{_bitByNode[node]}/{_bitByNode[node]}", "-m", "multiport", "--ports", $"{port}", "-j", "DROP"];

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
