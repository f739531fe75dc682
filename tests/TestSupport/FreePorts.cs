using System.Net;
using System.Net.Sockets;

namespace Exchange.TestSupport;

/// <summary>Loopback ports nobody listens on right now, so parallel tests and silos do not collide.</summary>
public static class FreePorts
{
    /// <summary>Takes <paramref name="count"/> distinct free ports on 127.0.0.1.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
