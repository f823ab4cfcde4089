using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NfBond.Hal.Linux;

/// <summary>
/// VRRP over raw IP protocol 112 on one interface: sends with TTL 255 to 224.0.0.18 (joined on that
/// interface) or to unicast peers, and receives with the IP header so TTL, source and destination can
/// be checked. Needs CAP_NET_RAW.
/// </summary>
public sealed class RawVrrpTransport : IVrrpTransport, IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _reader;
    private volatile bool _running = true;

    /// <summary>Opens the transport.</summary>
    /// <param name="iface">The interface.</param>
    /// <exception cref="InvalidOperationException">The interface is missing or has no IPv4 address.</exception>
    public RawVrrpTransport(string iface)
    {
        IPAddress address = LinkSockets.InterfaceAddress(iface, out int index);
        LocalAddress = ToHost(address);

        _socket = LinkSockets.CreateRawIPv4(112, iface);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 255);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(index));
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(IPAddress.Parse("224.0.0.18"), index));
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "vrrp " + iface };
        _reader.Start();
    }

    /// <inheritdoc/>
    public event VrrpPacketHandler? Received;

    /// <inheritdoc/>
    public uint LocalAddress { get; }

    /// <inheritdoc/>
    public void Send(byte[] packet, int length, uint destination)
    {
        try
        {
            _socket.SendTo(packet, 0, length, SocketFlags.None, new IPEndPoint(ToAddress(destination), 0));
        }
        catch (SocketException)
        {
            // The interface is down or has no route for a moment: VRRP's timers cover lost adverts.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _running = false;
        _socket.Dispose();
    }

    /// <summary>Converts an address to the host-order integer the firmware uses.</summary>
    /// <param name="address">An IPv4 address.</param>
    /// <returns>Host order.</returns>
    public static uint ToHost(IPAddress address)
    {
        byte[] b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    /// <summary>Converts a host-order integer to an address.</summary>
    /// <param name="value">Host order.</param>
    /// <returns>The address.</returns>
    public static IPAddress ToAddress(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    private void ReadLoop()
    {
        byte[] buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (_running)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (!_running)
                {
                    return;
                }

                continue;
            }

            int headerLength = (buffer[0] & 0x0F) * 4;
            if (n < headerLength || buffer[9] != 112)
            {
                continue;
            }

            uint source = ((uint)buffer[12] << 24) | ((uint)buffer[13] << 16) | ((uint)buffer[14] << 8) | buffer[15];
            uint destination = ((uint)buffer[16] << 24) | ((uint)buffer[17] << 16) | ((uint)buffer[18] << 8) | buffer[19];
            Received?.Invoke(buffer, headerLength, n - headerLength, source, destination, buffer[8]);
        }
    }
}
