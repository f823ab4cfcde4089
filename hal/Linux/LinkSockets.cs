using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace NfBond.Hal.Linux;

/// <summary>
/// Creates sockets pinned to one WAN link: bound to its interface (SO_BINDTODEVICE) and carrying its
/// firewall mark (SO_MARK), so a probe tests that link whatever the default route says. Both options
/// need CAP_NET_RAW / CAP_NET_ADMIN, which the router's controller runs with.
/// </summary>
public static class LinkSockets
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoMark = 36;

    /// <summary>Creates a socket for a link.</summary>
    /// <param name="family">The address family of the target.</param>
    /// <param name="type">Stream, datagram or raw.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="iface">The interface to bind to, or "" for none.</param>
    /// <param name="mark">The firewall mark, or 0 for none.</param>
    /// <returns>The socket; the caller disposes it.</returns>
    public static Socket Create(AddressFamily family, SocketType type, ProtocolType protocol, string iface, int mark)
    {
        Socket socket = new(family, type, protocol);
        try
        {
            Pin(socket, iface, mark);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a raw IPv4 socket for an IP protocol .NET has no <see cref="ProtocolType"/> mapping for
    /// (VRRP is 112): the descriptor comes from socket(2) and is wrapped, since the managed constructor
    /// rejects unknown protocols.
    /// </summary>
    /// <param name="protocol">The IP protocol number.</param>
    /// <param name="iface">The interface to bind to, or "" for none.</param>
    /// <returns>The socket; the caller disposes it.</returns>
    public static Socket CreateRawIPv4(int protocol, string iface)
    {
        const int AfInet = 2;
        const int SockRaw = 3;
        int fd = NativeSocket(AfInet, SockRaw, protocol);
        if (fd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        Socket socket = new(new SafeSocketHandle((IntPtr)fd, true));
        try
        {
            Pin(socket, iface, 0);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Binds an existing socket to an interface and sets its mark.</summary>
    /// <param name="socket">The socket, not yet connected.</param>
    /// <param name="iface">The interface, or "" for none.</param>
    /// <param name="mark">The mark, or 0 for none.</param>
    public static void Pin(Socket socket, string iface, int mark)
    {
        if (iface.Length > 0)
        {
            byte[] name = new byte[iface.Length + 1];
            Encoding.ASCII.GetBytes(iface, 0, iface.Length, name, 0);
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, name);
        }

        if (mark != 0)
        {
            socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(mark));
        }
    }

    /// <summary>Finds an interface's first IPv4 address and its index.</summary>
    /// <param name="iface">The interface name.</param>
    /// <param name="index">Its IPv4 interface index.</param>
    /// <returns>The address.</returns>
    /// <exception cref="InvalidOperationException">The interface is missing or has no IPv4 address.</exception>
    public static IPAddress InterfaceAddress(string iface, out int index)
    {
        System.Net.NetworkInformation.NetworkInterface nic = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == iface)
            ?? throw new InvalidOperationException($"no interface {iface}");
        IPAddress address = nic.GetIPProperties().UnicastAddresses.Select(a => a.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"interface {iface} has no IPv4 address");
        index = nic.GetIPProperties().GetIPv4Properties().Index;
        return address;
    }

    /// <summary>Parses an address or resolves a name (the lookup itself is not pinned to the link).</summary>
    /// <param name="host">IP literal or host name.</param>
    /// <returns>The first address found.</returns>
    public static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            return address;
        }

        IPAddress[] found = Dns.GetHostAddresses(host);
        if (found.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return found[0];
    }

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int NativeSocket(int domain, int type, int protocol);
}
