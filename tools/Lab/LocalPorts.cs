using System.Net;
using System.Net.Sockets;

namespace NfBond.Lab;

/// <summary>Free loopback ports for servers the lab, benchmarks and tests start.</summary>
public static class LocalPorts
{
    /// <summary>Gets a port nothing listens on right now.</summary>
    /// <returns>The port.</returns>
    public static int Free()
    {
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
