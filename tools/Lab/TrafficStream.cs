using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NfBond.Lab;

/// <summary>
/// A steady UDP stream from the LAN host to the internet host's sink, one datagram per millisecond with
/// a sequence number. The sink tells each datagram's path from its source address (the router NATs
/// to the address of the WAN it used), so the lab sees when traffic left the cut link and came back.
/// Send and arrival times come from one <see cref="Stopwatch"/>, in the same process.
/// </summary>
public sealed class TrafficStream : IDisposable
{
    /// <summary>The sink's port.</summary>
    public const int Port = 9000;

    private readonly UdpClient _sender;
    private readonly UdpClient _sink;
    private readonly Thread _sendThread;
    private readonly List<long> _sentAt = [];
    private readonly List<Arrival> _arrivals = [];
    private readonly Dictionary<long, int> _receivedSeqs = [];
    private volatile bool _running = true;

    /// <summary>One received datagram.</summary>
    /// <param name="Seq">Its sequence number.</param>
    /// <param name="AtTicks">Arrival, in <see cref="Stopwatch"/> ticks.</param>
    /// <param name="Path">The WAN it came through (1-based), 0 if unknown.</param>
    public readonly record struct Arrival(long Seq, long AtTicks, int Path);

    /// <summary>Opens the sink and starts sending.</summary>
    public TrafficStream()
    {
        _sink = NetworkNamespace.Run(LabTopology.Internet, () => new UdpClient(new IPEndPoint(IPAddress.Parse(LabTopology.Sink), Port)));
        _sender = NetworkNamespace.Run(LabTopology.Lan, () =>
        {
            UdpClient sender = new(new IPEndPoint(IPAddress.Any, 40000));
            sender.Connect(IPAddress.Parse(LabTopology.Sink), Port);
            return sender;
        });
        _ = ReceiveAsync();
        _sendThread = new Thread(SendLoop) { IsBackground = true, Name = "lab traffic" };
        _sendThread.Start();
    }

    /// <summary>Gets a snapshot of the arrivals so far.</summary>
    public Arrival[] Arrivals()
    {
        lock (_arrivals)
        {
            return [.. _arrivals];
        }
    }

    /// <summary>Finds the first datagram that arrived after <paramref name="afterTicks"/> through a path matching <paramref name="path"/>.</summary>
    /// <param name="afterTicks">Stopwatch ticks.</param>
    /// <param name="path">Which paths count.</param>
    /// <returns>The arrival, or null.</returns>
    public Arrival? FirstAfter(long afterTicks, Func<int, bool> path)
    {
        lock (_arrivals)
        {
            // Arrivals are appended in time order: find the first one after the instant, then scan on.
            int lo = 0;
            int hi = _arrivals.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (_arrivals[mid].AtTicks > afterTicks)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            for (int i = lo; i < _arrivals.Count; i++)
            {
                if (path(_arrivals[i].Path))
                {
                    return _arrivals[i];
                }
            }
        }

        return null;
    }

    /// <summary>Finds the first datagram sent after <paramref name="sentAfterTicks"/> that arrived through a matching path (datagrams queued during an outage do not count).</summary>
    /// <param name="sentAfterTicks">Stopwatch ticks.</param>
    /// <param name="path">Which paths count.</param>
    /// <returns>The arrival, or null.</returns>
    public Arrival? FirstSentAfter(long sentAfterTicks, Func<int, bool> path)
    {
        lock (_arrivals)
        {
            foreach (Arrival a in _arrivals)
            {
                if (a.AtTicks > sentAfterTicks && a.Seq < _sentAt.Count && _sentAt[(int)a.Seq] > sentAfterTicks && path(a.Path))
                {
                    return a;
                }
            }
        }

        return null;
    }

    /// <summary>Counts datagrams sent in a time window.</summary>
    /// <param name="fromTicks">Window start.</param>
    /// <param name="toTicks">Window end.</param>
    /// <returns>Datagrams sent.</returns>
    public int SentBetween(long fromTicks, long toTicks)
    {
        lock (_arrivals)
        {
            return _sentAt.Count(at => at >= fromTicks && at <= toTicks);
        }
    }

    /// <summary>Counts datagrams sent in a time window that never arrived.</summary>
    /// <param name="fromTicks">Window start.</param>
    /// <param name="toTicks">Window end.</param>
    /// <returns>Lost datagrams.</returns>
    public int LostBetween(long fromTicks, long toTicks)
    {
        int lost = 0;
        lock (_arrivals)
        {
            for (int seq = 0; seq < _sentAt.Count; seq++)
            {
                long at = _sentAt[seq];
                if (at >= fromTicks && at <= toTicks && !_receivedSeqs.ContainsKey(seq))
                {
                    lost++;
                }
            }
        }

        return lost;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _running = false;
        _sendThread.Join();
        _sender.Dispose();
        _sink.Dispose();
    }

    private void SendLoop()
    {
        byte[] payload = new byte[64];
        long seq = 0;
        long next = Stopwatch.GetTimestamp();
        long period = Stopwatch.Frequency / 1000;
        while (_running)
        {
            long now = Stopwatch.GetTimestamp();
            if (now < next)
            {
                Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, (next - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
                continue;
            }

            BinaryPrimitives.WriteInt64BigEndian(payload, seq);
            lock (_arrivals)
            {
                _sentAt.Add(Stopwatch.GetTimestamp());
            }

            try
            {
                _sender.Send(payload, payload.Length);
            }
            catch (SocketException)
            {
                // No route for a moment (all links down): the datagram is lost, as it would be for a shop.
            }

            seq++;
            next += period;
        }
    }

    private async Task ReceiveAsync()
    {
        while (_running)
        {
            UdpReceiveResult got;
            try
            {
                got = await _sink.ReceiveAsync();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            long at = Stopwatch.GetTimestamp();
            if (got.Buffer.Length < 8)
            {
                continue;
            }

            long seq = BinaryPrimitives.ReadInt64BigEndian(got.Buffer);
            int path = PathOf(got.RemoteEndPoint.Address);
            lock (_arrivals)
            {
                _arrivals.Add(new Arrival(seq, at, path));
                _receivedSeqs[seq] = path;
            }
        }
    }

    private static int PathOf(IPAddress source)
    {
        byte[] b = source.GetAddressBytes();
        return b.Length == 4 && b[0] == 100 && b[1] == 64 && b[3] == 2 ? b[2] : 0;
    }
}
