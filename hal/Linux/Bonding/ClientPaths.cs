using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>The site router's ways out: a UDP socket per WAN link, to the server's address on it.</summary>
public sealed class ClientPaths : IBondPaths, IDisposable
{
    private const long RepinIntervalMs = 1000;
    private readonly Socket[] _sockets;
    private readonly IPEndPoint[] _servers;
    private readonly string[]? _interfaces;
    private readonly int[]? _marks;
    private readonly bool[] _pinned;
    private readonly long[] _triedMs;

    private ClientPaths(Socket[] sockets, IPEndPoint[] servers, string[]? interfaces = null, int[]? marks = null)
    {
        _sockets = sockets;
        _servers = servers;
        _interfaces = interfaces;
        _marks = marks;
        _pinned = new bool[sockets.Length];
        _triedMs = new long[sockets.Length];
        Array.Fill(_pinned, interfaces == null);
    }

    /// <summary>Gets the sockets, one per path.</summary>
    public Socket[] Sockets => _sockets;

    /// <inheritdoc/>
    public int Count => _sockets.Length;

    /// <summary>Opens a socket per path bound to its link's address (in the calling thread's network namespace): source routing takes it out of that link.</summary>
    /// <param name="locals">Each path's local address (its WAN link's).</param>
    /// <param name="servers">The server's address and port as reached over each path.</param>
    /// <returns>The paths.</returns>
    public static ClientPaths Bound(IPAddress[] locals, IPEndPoint[] servers) => Open(servers, p => locals[p]);

    /// <summary>
    /// Opens a socket per path pinned to its link as the controller's probes are (its interface and its firewall
    /// mark, so the steering executor's per-link table routes it): a link whose address changes (a modem's new
    /// session) keeps its path. A link whose interface is missing (a modem not attached yet) or was made again (a
    /// USB modem reset, a new PPP session) is pinned again, at most once a second; until then its path sends nothing,
    /// rather than leaving through another link.
    /// </summary>
    /// <param name="interfaces">Each path's link interface.</param>
    /// <param name="marks">Each path's link mark.</param>
    /// <param name="servers">The server's address and port as reached over each path.</param>
    /// <returns>The paths.</returns>
    public static ClientPaths Pinned(string[] interfaces, int[] marks, IPEndPoint[] servers)
    {
        ClientPaths paths = Open(servers, _ => IPAddress.Any, interfaces, marks);
        for (int p = 0; p < interfaces.Length; p++)
        {
            paths.Repin(p);
        }

        return paths;
    }

    /// <summary>Gets whether a path's socket is pinned to its link's interface now (always, for bound paths).</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when pinned.</returns>
    public bool IsPinned(int path) => Volatile.Read(ref _pinned[path]);

    /// <inheritdoc/>
    public bool Send(int path, ReadOnlySpan<byte> datagram)
    {
        if (!Volatile.Read(ref _pinned[path]) && !Repin(path))
        {
            return false;
        }

        try
        {
            return _sockets[path].SendTo(datagram, SocketFlags.None, _servers[path]) == datagram.Length;
        }
        catch (SocketException ex) when (_interfaces != null && ex.SocketErrorCode != SocketError.MessageSize)
        {
            // The link is down, or its interface went and came back under a new index: pinned again by name.
            Volatile.Write(ref _pinned[path], false);
            return false;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Too large for the link (a path MTU probe), or the tunnel stopping: the peer's silence marks a dead path.
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

    // By the interface's name, so a re-made interface is found under its new index; at most once a second.
    private bool Repin(int path)
    {
        long now = Environment.TickCount64;
        lock (_pinned)
        {
            if (_pinned[path])
            {
                return true;
            }

            if (_triedMs[path] != 0 && now - _triedMs[path] < RepinIntervalMs)
            {
                return false;
            }

            _triedMs[path] = now;
            try
            {
                LinkSockets.Pin(_sockets[path], _interfaces![path], _marks![path]);
                Volatile.Write(ref _pinned[path], true);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    private static ClientPaths Open(IPEndPoint[] servers, Func<int, IPAddress> local, string[]? interfaces = null, int[]? marks = null)
    {
        Socket[] sockets = new Socket[servers.Length];
        try
        {
            for (int p = 0; p < sockets.Length; p++)
            {
                Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                sockets[p] = socket;
                socket.Bind(new IPEndPoint(local(p), 0));
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

        return new ClientPaths(sockets, servers, interfaces, marks);
    }
}
