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

    /// <summary>Waits until something accepts connections on a loopback port (a server just started).</summary>
    /// <param name="port">The port.</param>
    /// <param name="timeoutMs">How long to wait.</param>
    /// <returns>Whether it listens before the time is up.</returns>
    public static bool WaitListening(int port, int timeoutMs)
    {
        long until = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            try
            {
                using TcpClient probe = new();
                probe.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException) when (Environment.TickCount64 < until)
            {
                Thread.Sleep(50);
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
