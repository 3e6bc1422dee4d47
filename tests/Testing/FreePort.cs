using System.Net;
using System.Net.Sockets;

namespace Supervision.Testing;

/// <summary>Finds free TCP ports on 127.0.0.1 for child processes that cannot report a bound port back.</summary>
public static class FreePort
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> Handed = [];

    /// <summary>A port that was free a moment ago and has not been handed out by this process before.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Handed.Add(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException("no free port found on 127.0.0.1");
        }
    }
}
