using System;
using System.Net;
using System.Net.Sockets;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>The site router's ways out: a UDP socket per WAN link, bound to that link's address, to the server's address on it.</summary>
public sealed class ClientPaths : IBondPaths
{
    private readonly Socket[] _sockets;
    private readonly IPEndPoint[] _servers;

    /// <summary>Opens a socket per path (in the calling thread's network namespace).</summary>
    /// <param name="locals">Each path's local address (its WAN link's).</param>
    /// <param name="servers">The server's address and port as reached over each path.</param>
    public ClientPaths(IPAddress[] locals, IPEndPoint[] servers)
    {
        _servers = servers;
        _sockets = new Socket[locals.Length];
        for (int p = 0; p < locals.Length; p++)
        {
            Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            // Don't fragment: the tunnel's MTU is set below the path's, and a path that shrinks shows as loss.
            socket.SetRawSocketOption(0, 10, BitConverter.GetBytes(2));
            socket.ReceiveBufferSize = 4 << 20;
            socket.SendBufferSize = 4 << 20;
            socket.Bind(new IPEndPoint(locals[p], 0));
            _sockets[p] = socket;
        }
    }

    /// <summary>Gets the sockets, one per path.</summary>
    public Socket[] Sockets => _sockets;

    /// <inheritdoc/>
    public int Count => _sockets.Length;

    /// <inheritdoc/>
    public bool Send(int path, ReadOnlySpan<byte> datagram)
    {
        try
        {
            return _sockets[path].SendTo(datagram, SocketFlags.None, _servers[path]) == datagram.Length;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The link is down (no route, unreachable) or the tunnel stopping: the peer's silence on it marks it dead.
            return false;
        }
    }
}
