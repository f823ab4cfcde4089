using System;
using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NfBond.Firmware.Links;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// TCP-connect and DNS probes over nanoFramework's sockets. Sockets block, so one worker thread
    /// works through the queued requests; a board has one uplink to the router, so a probe cannot be
    /// pinned to a WAN link here: on an add-on board these probes test the router's path and the modem's
    /// own ping tests each cellular link.
    /// </summary>
    public sealed class NanoSocketProbes : IProbeTransport
    {
        private readonly Queue _queue = new Queue();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly byte[] _buffer = new byte[512];
        private ushort _dnsId;

        /// <summary>Starts the worker thread.</summary>
        public NanoSocketProbes()
        {
            new Thread(Work).Start();
        }

        /// <inheritdoc/>
        public event ProbeCompletedHandler Completed;

        /// <inheritdoc/>
        public bool Supports(ProbeKind kind, string iface) => kind == ProbeKind.Tcp || kind == ProbeKind.Dns;

        /// <inheritdoc/>
        public void Send(ProbeRequest request)
        {
            lock (_queue)
            {
                _queue.Enqueue(request);
            }

            _wake.Set();
        }

        private void Work()
        {
            while (true)
            {
                ProbeRequest request = null;
                lock (_queue)
                {
                    if (_queue.Count > 0)
                    {
                        request = (ProbeRequest)_queue.Dequeue();
                    }
                }

                if (request == null)
                {
                    _wake.WaitOne();
                    continue;
                }

                long started = Environment.TickCount64;
                try
                {
                    request.Error = request.Kind == ProbeKind.Dns ? Dns(request) : Tcp(request);
                }
                catch (Exception ex)
                {
                    request.Error = ex.Message;
                }

                request.Succeeded = request.Error.Length == 0;
                request.RttMicros = request.Succeeded ? (int)((Environment.TickCount64 - started) * 1000) : 0;
                ProbeCompletedHandler handler = Completed;
                if (handler != null)
                {
                    handler(request);
                }
            }
        }

        private static string Tcp(ProbeRequest request)
        {
            using (Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                socket.Connect(new IPEndPoint(IPAddress.Parse(request.Host), request.Port));
            }

            return string.Empty;
        }

        private string Dns(ProbeRequest request)
        {
            _dnsId++;
            byte[] query = DnsQuery.Build(_dnsId, request.Path.Length > 0 ? request.Path : "example.com");
            using (Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                EndPoint server = new IPEndPoint(IPAddress.Parse(request.Host), request.Port > 0 ? request.Port : 53);
                socket.SendTo(query, 0, query.Length, SocketFlags.None, server);
                long deadline = Environment.TickCount64 + request.TimeoutMs;
                while (Environment.TickCount64 < deadline)
                {
                    if (!socket.Poll((int)(deadline - Environment.TickCount64) * 1000, SelectMode.SelectRead))
                    {
                        break;
                    }

                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int n = socket.ReceiveFrom(_buffer, 0, _buffer.Length, SocketFlags.None, ref from);
                    if (DnsQuery.IsAnswerTo(_buffer, n, _dnsId))
                    {
                        return string.Empty;
                    }
                }
            }

            return "timeout";
        }
    }
}
