using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// VRRP over the UDP-multicast carrier (nanoFramework's lwIP has no raw IP socket for protocol 112):
    /// each datagram to 224.0.0.18 port 5798 carries one VRRP message, as hal/Linux's UdpVrrpTransport
    /// sends it, so nano and Linux controllers pair with each other (not with keepalived).
    /// </summary>
    public sealed class NanoVrrpTransport : IVrrpTransport
    {
        /// <summary>The carrier's UDP port.</summary>
        public const int Port = 5798;

        private const uint Group = 0xE0000012;
        private readonly Socket _socket;
        private readonly byte[] _buffer = new byte[1500];

        /// <summary>Joins the group and starts receiving.</summary>
        /// <param name="localAddress">This board's IPv4 address, host order.</param>
        public NanoVrrpTransport(uint localAddress)
        {
            LocalAddress = localAddress;
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, 1);
            _socket.Bind(new IPEndPoint(IPAddress.Any, Port));
            // ip_mreq: group address, then local interface address, both in network order.
            byte[] membership = new byte[8];
            Put(membership, 0, Group);
            Put(membership, 4, localAddress);
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, membership);
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
            new Thread(Receive).Start();
        }

        /// <inheritdoc/>
        public event VrrpPacketHandler Received;

        /// <inheritdoc/>
        public uint LocalAddress { get; }

        /// <inheritdoc/>
        public void Send(byte[] packet, int length, uint destination)
        {
            _socket.SendTo(packet, 0, length, SocketFlags.None, new IPEndPoint(Address(destination), Port));
        }

        private static IPAddress Address(uint hostOrder)
        {
            // IPAddress(long) takes the address as it lies in memory: network order on a little-endian MCU.
            long value = ((hostOrder & 0xFF) << 24) | ((hostOrder & 0xFF00) << 8) | ((hostOrder >> 8) & 0xFF00) | (hostOrder >> 24);
            return new IPAddress(value);
        }

        private static void Put(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)(value >> 24);
            buffer[at + 1] = (byte)(value >> 16);
            buffer[at + 2] = (byte)(value >> 8);
            buffer[at + 3] = (byte)value;
        }

        private void Receive()
        {
            while (true)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n = _socket.ReceiveFrom(_buffer, 0, _buffer.Length, SocketFlags.None, ref from);
                byte[] source = ((IPEndPoint)from).Address.GetAddressBytes();
                uint sender = ((uint)source[0] << 24) | ((uint)source[1] << 16) | ((uint)source[2] << 8) | source[3];
                VrrpPacketHandler handler = Received;
                if (handler != null && n > 0)
                {
                    // The carrier gives no destination or TTL: multicast and 255, as the Linux carrier reports them.
                    handler(_buffer, 0, n, sender, Group, 255);
                }
            }
        }
    }
}
