using System.Net;
using System.Net.Sockets;

namespace NfBond.Lab;

/// <summary>Free loopback ports for servers the lab, benchmarks and tests start.</summary>
public static class LocalPorts
{
    // Below the kernel's ephemeral range (32768-60999 here): a client socket never takes one of these between
    // Free() and the server binding it, which port 0 could not promise (a test bound "its" port and found it taken).
    private const int First = 20000;
    private const int Count = 12000;
    private static int s_next = Environment.ProcessId * 7919 % Count;

    /// <summary>Gets a port nothing listens on right now, never the same one twice in a process.</summary>
    /// <returns>The port.</returns>
    public static int Free()
    {
        for (int tries = 0; tries < Count; tries++)
        {
            int port = First + (Interlocked.Increment(ref s_next) % Count);
            try
            {
                TcpListener listener = new(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // In use by someone else: the next one.
            }
        }

        throw new InvalidOperationException($"no free port from {First} to {First + Count - 1}");
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
