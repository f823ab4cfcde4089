using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NfBond.Hal.Linux;

/// <summary>
/// VRRP messages carried in UDP datagrams to 239.255.0.18 port 5798, for IP stacks without raw sockets
/// (lwIP on ESP32/STM32 boards). The payload is the unchanged VRRPv3 message, but the carrier is not
/// VRRP: only nf-bond controllers understand it, never keepalived or a router. UDP cannot show the
/// received TTL, so the sender uses multicast TTL 1 (the datagram never leaves the link) and receivers
/// report 255 to the codec.
/// </summary>
public sealed class UdpVrrpTransport : IVrrpTransport, IDisposable
{
    /// <summary>The UDP port.</summary>
    public const int Port = 5798;

    /// <summary>The administratively scoped group used instead of 224.0.0.18, host order.</summary>
    public const uint Group = 0xEFFF0012;

    private readonly Socket _socket;
    private readonly Thread _reader;
    private volatile bool _running = true;

    /// <summary>Opens the transport on an interface.</summary>
    /// <param name="iface">The interface.</param>
    /// <exception cref="InvalidOperationException">The interface is missing or has no IPv4 address.</exception>
    public UdpVrrpTransport(string iface)
    {
        IPAddress address = LinkSockets.InterfaceAddress(iface, out int index);
        LocalAddress = RawVrrpTransport.ToHost(address);
        _socket = LinkSockets.Create(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp, iface, 0);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(new IPEndPoint(IPAddress.Any, Port));
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(index));
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(RawVrrpTransport.ToAddress(Group), index));
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "vrrp/udp " + iface };
        _reader.Start();
    }

    /// <inheritdoc/>
    public event VrrpPacketHandler? Received;

    /// <inheritdoc/>
    public uint LocalAddress { get; }

    /// <inheritdoc/>
    public void Send(byte[] packet, int length, uint destination)
    {
        // The VRRP multicast group maps to ours; unicast peers are addressed directly.
        uint to = destination == 0xE0000012 ? Group : destination;
        try
        {
            _socket.SendTo(packet, 0, length, SocketFlags.None, new IPEndPoint(RawVrrpTransport.ToAddress(to), Port));
        }
        catch (SocketException)
        {
            // Lost adverts are what VRRP's timers are for.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _running = false;
        _socket.Dispose();
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[1500];
        while (_running)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            SocketFlags flags = SocketFlags.None;
            int n;
            IPPacketInformation info;
            try
            {
                n = _socket.ReceiveMessageFrom(buffer, 0, buffer.Length, ref flags, ref from, out info);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (!_running)
                {
                    return;
                }

                continue;
            }

            uint source = RawVrrpTransport.ToHost(((IPEndPoint)from).Address);
            uint destination = RawVrrpTransport.ToHost(info.Address);
            // The codec's pseudo-header uses the VRRP group the sender computed the checksum with.
            Received?.Invoke(buffer, 0, n, source, destination == Group ? 0xE0000012 : destination, 255);
        }
    }
}
