using System.Globalization;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Which process listens on a TCP port, read from /proc: how a chaos run attached to a running cluster finds each
/// node (by its remoting port) and each PostgreSQL server (by its port) that it was given in the topology.
/// </summary>
public static class ListeningProcess
{
    private const string Listen = "0A";

    /// <summary>The process listening on <paramref name="port"/>, or null when none is (or it is not ours to see).</summary>
    public static int? Find(int port)
    {
        var sockets = ListeningSockets(port).ToHashSet();
        if (sockets.Count == 0) return null;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            try
            {
                foreach (var descriptor in Directory.EnumerateFileSystemEntries(Path.Combine(folder, "fd")))
                    if (new FileInfo(descriptor).LinkTarget is { } target && sockets.Contains(target))
                        return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // ended meanwhile, or another user's
            }
        }
        return null;
    }

    /// <summary>"socket:[inode]" of every listening socket on the port, as a process's descriptors name them.</summary>
    private static IEnumerable<string> ListeningSockets(int port)
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1];
                if (fields[3] == Listen && int.Parse(local[(local.IndexOf(':') + 1)..], NumberStyles.HexNumber) == port)
                    yield return $"socket:[{fields[9]}]";
            }
        }
    }
}
