using System.Net;
using System.Net.Sockets;

namespace AkkaPay.Testing;

public static class FreePort
{
    // Below the ephemeral ranges of Linux (32768–60999) and Windows (49152–65535): a port the OS handed out with
    // bind(0) and that we released could be taken by any outgoing connection before the test's server binds it.
    private const int Lowest = 20_000;
    private const int Highest = 32_000;

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback TCP port that nobody listens on right now and that this process has not handed out before.</summary>
    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(Lowest, Highest);
                if (HandedOut.Contains(port) || !CanListenOn(port)) continue;
                HandedOut.Add(port);
                return port;
            }
        }
    }

    private static bool CanListenOn(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
