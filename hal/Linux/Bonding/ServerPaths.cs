using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>The server's ways back to one site: its one socket, to wherever each path's last authentic datagram came from (NAT rebinding included).</summary>
public sealed class ServerPaths : IBondPaths
{
    private readonly Socket _socket;
    private readonly EndPoint?[] _remotes;

    /// <summary>Creates the paths of a site.</summary>
    /// <param name="socket">The server's socket.</param>
    /// <param name="count">How many paths the site has.</param>
    public ServerPaths(Socket socket, int count)
    {
        _socket = socket;
        _remotes = new EndPoint?[count];
    }

    /// <inheritdoc/>
    public int Count => _remotes.Length;

    /// <summary>Records where a path's datagrams come from.</summary>
    /// <param name="path">The path.</param>
    /// <param name="from">The sender.</param>
    public void Learned(int path, EndPoint from)
    {
        if (!from.Equals(Volatile.Read(ref _remotes[path])))
        {
            Volatile.Write(ref _remotes[path], from.Create(from.Serialize()));
        }
    }

    /// <inheritdoc/>
    public bool Send(int path, ReadOnlySpan<byte> datagram)
    {
        EndPoint? remote = Volatile.Read(ref _remotes[path]);
        if (remote == null)
        {
            return false;
        }

        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
