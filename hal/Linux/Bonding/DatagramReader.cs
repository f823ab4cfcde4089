using System;
using System.Net;
using System.Net.Sockets;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>Receives one datagram and where it came from.</summary>
/// <param name="datagram">The bytes, valid only during the call.</param>
/// <param name="from">The sender.</param>
public delegate void DatagramHandler(ReadOnlySpan<byte> datagram, EndPoint from);

/// <summary>The receive loop of a tunnel socket, shared by the client's per-path sockets and the server's one socket.</summary>
public static class DatagramReader
{
    /// <summary>Hands every datagram to <paramref name="handle"/> until <paramref name="stopping"/> says so and the socket is closed.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="stopping">Whether the owner is stopping (checked when a receive fails).</param>
    /// <param name="handle">Takes each datagram.</param>
    public static void Run(Socket socket, Func<bool> stopping, DatagramHandler handle)
    {
        byte[] buffer = new byte[65_535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stopping())
        {
            int n;
            EndPoint from = any;
            try
            {
                n = socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (stopping())
                {
                    return;
                }

                // An ICMP error from a path whose peer is gone surfaces here; the path's silence says the rest.
                continue;
            }

            handle(buffer.AsSpan(0, n), from);
        }
    }
}
