using System;
using System.Net;
using System.Net.Sockets;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>The site router's ways out: a UDP socket per WAN link, to the server's address on it.</summary>
public sealed class ClientPaths : IBondPaths, IDisposable
{
    private readonly Socket[] _sockets;
    private readonly IPEndPoint[] _servers;

    private ClientPaths(Socket[] sockets, IPEndPoint[] servers)
    {
        _sockets = sockets;
        _servers = servers;
    }

    /// <summary>Gets the sockets, one per path.</summary>
    public Socket[] Sockets => _sockets;

    /// <inheritdoc/>
    public int Count => _sockets.Length;

    /// <summary>Opens a socket per path bound to its link's address (in the calling thread's network namespace): source routing takes it out of that link.</summary>
    /// <param name="locals">Each path's local address (its WAN link's).</param>
    /// <param name="servers">The server's address and port as reached over each path.</param>
    /// <returns>The paths.</returns>
    public static ClientPaths Bound(IPAddress[] locals, IPEndPoint[] servers) =>
        Open(servers, p =>
        {
            Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(locals[p], 0));
            return socket;
        });

    /// <summary>
    /// Opens a socket per path pinned to its link as the controller's probes are (its interface and its firewall
    /// mark, so the steering executor's per-link table routes it): a link whose address changes (a modem's new
    /// session) keeps its path.
    /// </summary>
    /// <param name="interfaces">Each path's link interface.</param>
    /// <param name="marks">Each path's link mark.</param>
    /// <param name="servers">The server's address and port as reached over each path.</param>
    /// <returns>The paths.</returns>
    public static ClientPaths Pinned(string[] interfaces, int[] marks, IPEndPoint[] servers) =>
        Open(servers, p =>
        {
            Socket socket = LinkSockets.Create(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp, interfaces[p], marks[p]);
            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
            return socket;
        });

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

    /// <summary>Closes the sockets.</summary>
    public void Dispose()
    {
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }
    }

    private static ClientPaths Open(IPEndPoint[] servers, Func<int, Socket> create)
    {
        Socket[] sockets = new Socket[servers.Length];
        try
        {
            for (int p = 0; p < sockets.Length; p++)
            {
                Socket socket = create(p);
                sockets[p] = socket;
                // Don't fragment: the tunnel's MTU is set below the path's, and a path that shrinks shows as loss.
                socket.SetRawSocketOption(0, 10, BitConverter.GetBytes(2));
                socket.ReceiveBufferSize = 4 << 20;
                socket.SendBufferSize = 4 << 20;
            }
        }
        catch
        {
            Array.ForEach(sockets, s => s?.Dispose());
            throw;
        }

        return new ClientPaths(sockets, servers);
    }
}
