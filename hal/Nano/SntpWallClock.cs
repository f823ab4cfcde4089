using System;
using System.Net;
using System.Net.Sockets;
using NfBond.Firmware.Runtime;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// UTC from SNTP (RFC 4330): one query at start and then whenever <see cref="Synchronise"/> is
    /// called, the offset kept against the monotonic tick count so time never depends on the RTC.
    /// </summary>
    public sealed class SntpWallClock : IWallClock
    {
        private readonly string _server;
        private readonly byte[] _packet = new byte[SntpPacket.Length];
        private long _offsetMs;

        /// <summary>Creates the clock.</summary>
        /// <param name="server">The NTP server's IPv4 address (the router, usually).</param>
        public SntpWallClock(string server)
        {
            _server = server;
        }

        /// <summary>Gets why the last synchronisation failed, or null.</summary>
        public string LastError { get; private set; }

        /// <inheritdoc/>
        public long UtcNowMs => Environment.TickCount64 + _offsetMs;

        /// <summary>Asks the server for the time (blocks up to 2 s).</summary>
        /// <returns>True when the clock was set.</returns>
        public bool Synchronise()
        {
            try
            {
                using (Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
                {
                    SntpPacket.WriteRequest(_packet);
                    long sent = Environment.TickCount64;
                    socket.SendTo(_packet, 0, _packet.Length, SocketFlags.None, new IPEndPoint(IPAddress.Parse(_server), 123));
                    if (!socket.Poll(2000000, SelectMode.SelectRead))
                    {
                        LastError = "no answer from " + _server + " within 2 s";
                        return false;
                    }

                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int n = socket.ReceiveFrom(_packet, 0, _packet.Length, SocketFlags.None, ref from);
                    long received = Environment.TickCount64;
                    long utcMs;
                    LastError = SntpPacket.ReadTransmitTime(_packet, n, out utcMs);
                    if (LastError != null)
                    {
                        return false;
                    }

                    // The answer left the server about half a round trip ago.
                    _offsetMs = utcMs + ((received - sent) / 2) - received;
                    return true;
                }
            }
            catch (Exception ex)
            {
                LastError = ex.Message;
                return false;
            }
        }
    }
}
