using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Threading;
using System.Collections.Concurrent;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// One end of a site's multipath tunnel, whichever end: inner packets in, sealed datagrams out on the path
/// the scheduler picks (paced, real-time ones on two paths); datagrams in, inner packets out in order.
/// Keepalives on every path prove it alive (suspect after <see cref="BondOptions.SuspectAfterMs"/> of
/// silence, dead after <see cref="BondOptions.DeadAfterMs"/>) and tell the peer's reorder buffer what the path has passed; feedback carries each path's delay to
/// the peer's scheduler.
/// </summary>
/// <remarks>
/// Threads: <see cref="Send"/> from one inner-packet reader, <see cref="Receive"/> from any number of
/// socket readers, <see cref="Tick"/> from one timer every few milliseconds.
/// </remarks>
public sealed class BondEndpoint
{
    private const int MaxDatagram = 65_535;

    // How long before a silent path's last sign of life its packets are sent again, until the path's round trip
    // is measured: what reached the cut after the peer's last packet passed it left up to a round trip before
    // that packet was heard.
    private const long DefaultReinjectMarginUs = 50_000;

    // Feedback: the entries' count (1) and the report's number (4, so that its copies on several paths count once),
    // then per path: path (1), least one-way delay (8), jitter (4), the send time of the last packet heard on the
    // path (4) and how long ago it was heard (4), from which its sender gets the path's round trip; flags (1):
    // ClosedHere when this end's steering plan closed the path, so the peer sends nothing on it either; the wire
    // bytes the path delivered since the last report (4), over how long (4, µs) and the queue standing in it (4, µs),
    // from which its sender learns its rate.
    private const int FeedbackHeader = 5;
    private const int FeedbackEntry = 34;
    private const byte ClosedHere = 0x01;

    private const long PacingSlackUs = 1_000;
    private const int IpUdpHeaders = 28;
    private readonly TunnelCipher _cipher;
    private readonly IBondPaths _paths;
    private readonly Action<byte[]> _deliver;
    private readonly BondOptions _options;
    private readonly PathScheduler _scheduler;
    private readonly ReorderBuffer<byte[]> _reorder;
    private readonly object _sending = new();
    private readonly object _receiving = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly BlockingCollection<(byte[] Buffer, int Length, long AtUs, Recent Memo)>[] _queues;
    private readonly Thread[] _pacers;
    private readonly byte[] _control = new byte[MaxDatagram];
    private readonly byte[] _opened = new byte[MaxDatagram];
    private readonly byte[] _feedback;
    private readonly uint[] _pathSeq;
    private readonly int[] _pending;
    private readonly bool[] _allowed;
    private readonly bool[] _peerClosed;
    private readonly long[] _deadAfterUs;
    private readonly bool[] _alive;
    private readonly bool[] _suspect;
    private readonly long[] _suspectAfterUs;
    private readonly long[] _peerDelayUs;
    private readonly long[] _lastSentUs;
    private readonly long[] _lastHeardUs;
    private readonly uint[] _peerSentUs;
    private readonly long[] _peerSentHeardUs;
    private readonly long[] _rttUs;
    private readonly PathRate[] _rates;
    private readonly PathMtuSearch[] _mtu;
    private int _tunnelMtu;
    private readonly long[] _rxBytes;
    private readonly long[] _txBytes;
    private long _rxSinceUs;
    private long _txSinceUs;
    private uint _reports;
    private uint _lastPeerReport;
    private readonly System.Collections.Generic.Queue<Recent>[] _recent;
    private byte _peerRun;
    private uint _nextGlobal = 1;
    private bool _haveReference;
    private uint _delayReference;
    private long _lastFeedbackUs;

    /// <summary>Creates an endpoint; every path is allowed and dead until the peer is heard on it.</summary>
    /// <param name="cipher">The site's cipher, for this end.</param>
    /// <param name="paths">The ways out.</param>
    /// <param name="options">Rates and timers; <see cref="BondOptions.PathBitsPerSecond"/> has a rate per path.</param>
    /// <param name="deliver">Receives each inner packet that came through, in order.</param>
    /// <exception cref="ArgumentException">The options do not give a rate for each path.</exception>
    public BondEndpoint(TunnelCipher cipher, IBondPaths paths, BondOptions options, Action<byte[]> deliver)
    {
        if (options.PathBitsPerSecond.Length != paths.Count || Array.Exists(options.PathBitsPerSecond, r => r < 8))
        {
            throw new ArgumentException($"{paths.Count} paths need {paths.Count} rates of at least 8 bit/s; {options.PathBitsPerSecond.Length} given", nameof(options));
        }

        _cipher = cipher;
        _paths = paths;
        _options = options;
        _deliver = deliver;
        int count = paths.Count;
        _scheduler = new PathScheduler(count);
        _reorder = new ReorderBuffer<byte[]>(count, options.Reorder, p => _deliver(p));
        _feedback = new byte[FeedbackHeader + (count * FeedbackEntry)];
        _rates = new PathRate[count];
        _mtu = new PathMtuSearch[count];
        _tunnelMtu = options.PathMtu - IpUdpHeaders - TunnelCipher.Overhead;
        _rxBytes = new long[count];
        _txBytes = new long[count];
        _pathSeq = new uint[count];
        _pending = new int[count];
        _allowed = new bool[count];
        _peerClosed = new bool[count];
        _deadAfterUs = new long[count];
        _alive = new bool[count];
        _suspect = new bool[count];
        _suspectAfterUs = new long[count];
        _peerDelayUs = new long[count];
        _lastSentUs = new long[count];
        _lastHeardUs = new long[count];
        _peerSentUs = new uint[count];
        _peerSentHeardUs = new long[count];
        _rttUs = new long[count];
        _recent = new System.Collections.Generic.Queue<Recent>[count];
        Array.Fill(_allowed, true);
        Array.Fill(_lastSentUs, long.MinValue / 2);
        _queues = new BlockingCollection<(byte[] Buffer, int Length, long AtUs, Recent Memo)>[count];
        _pacers = new Thread[count];
        for (int p = 0; p < count; p++)
        {
            _mtu[p] = new PathMtuSearch(options.PathMtu);
            _rates[p] = new PathRate(options.PathBitsPerSecond[p] / 8 * options.PacingPermille / 1000, options.QueueTargetMs * 1000L);
            _recent[p] = new System.Collections.Generic.Queue<Recent>();
            _queues[p] = new BlockingCollection<(byte[] Buffer, int Length, long AtUs, Recent Memo)>();
            int path = p;
            // A thread of its own: a pacer sleeps between datagrams, and on the thread pool it would take a pool
            // thread that timers and socket completions wait for (with three paths a pacer then started late).
            _pacers[p] = new Thread(() => Pace(path)) { IsBackground = true, Name = "bond pacer " + p };
            _pacers[p].Start();
        }
    }

    /// <summary>Stops the pacers once their queues are sent.</summary>
    public void Stop()
    {
        foreach (BlockingCollection<(byte[] Buffer, int Length, long AtUs, Recent Memo)> queue in _queues)
        {
            queue.CompleteAdding();
        }

        foreach (Thread pacer in _pacers)
        {
            pacer.Join(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Raised when a path comes alive or dies (path, alive); on the thread that noticed.</summary>
    public event Action<int, bool>? PathChanged;

    /// <summary>Raised when <see cref="TunnelMtu"/> changes (the new MTU), on the timer's thread: the TUN interface's MTU should follow.</summary>
    public event Action<int>? TunnelMtuChanged;

    /// <summary>Gets the largest inner packet every live path carries: the least live path MTU less IPv4, UDP and the tunnel's header and tag.</summary>
    public int TunnelMtu => Volatile.Read(ref _tunnelMtu);

    /// <summary>Gets the largest IP packet a path carries, as probed (see <see cref="PathMtuSearch"/>).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The path MTU, bytes.</returns>
    public int PathMtu(int path)
    {
        lock (_sending)
        {
            return _mtu[path].Mtu;
        }
    }

    /// <summary>Gets the receiver's view of each path.</summary>
    public System.Collections.Generic.IReadOnlyList<PathArrivals> Arrivals => _reorder.Paths;

    /// <summary>Gets the reorder buffer (counters).</summary>
    public ReorderBuffer<byte[]> Reorder => _reorder;

    /// <summary>Gets how many inner packets were sent (a duplicated one once).</summary>
    public long Sent { get; private set; }

    /// <summary>Gets how many inner packets were sent again on another path because theirs died under them.</summary>
    public long Reinjected { get; private set; }

    /// <summary>Gets how many times the peer was seen to start again (a new run in its headers).</summary>
    public long PeerRestarts { get; private set; }

    /// <summary>Gets how many inner packets found no path alive and allowed.</summary>
    public long Dropped { get; private set; }

    /// <summary>Gets how many datagrams did not open (forged, replayed, malformed, another session's).</summary>
    public long Refused { get; private set; }

    /// <summary>Gets now on this endpoint's clock, µs.</summary>
    public long NowUs => (long)(_clock.ElapsedTicks * (1_000_000.0 / Stopwatch.Frequency));

    /// <summary>Gets the rates and timers it runs with.</summary>
    public BondOptions Options => _options;

    /// <summary>Gets how many paths there are.</summary>
    public int PathCount => _paths.Count;

    /// <summary>Gets whether a path is alive (the peer was heard on it lately).</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when alive.</returns>
    public bool IsAlive(int path) => Volatile.Read(ref _alive[path]);

    /// <summary>Gets whether a path is suspect: alive, but the peer was not heard on it for <see cref="BondOptions.SuspectAfterMs"/>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when suspect.</returns>
    public bool IsSuspect(int path) => Volatile.Read(ref _suspect[path]);

    /// <summary>Gets the rate a path is paced at now, bytes/s: its configured one, or less when its feedback shows it delivers less.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The pacing rate.</returns>
    public long PacingBytesPerSecond(int path)
    {
        lock (_sending)
        {
            return _rates[path].BytesPerSecond;
        }
    }

    /// <summary>Gets a path's round trip as measured from the peer's feedback, µs; 0 until measured.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The smoothed round trip.</returns>
    public long RoundTripUs(int path) => Volatile.Read(ref _rttUs[path]);

    /// <summary>Gets whether a path may carry data (the steering plan's word).</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when open.</returns>
    public bool IsAllowed(int path) => Volatile.Read(ref _allowed[path]);

    /// <summary>Gets whether a path is open to data: neither this end's steering plan nor the peer's (as its feedback says) closed it.</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when open.</returns>
    public bool IsOpen(int path) => Volatile.Read(ref _allowed[path]) && !Volatile.Read(ref _peerClosed[path]);

    /// <summary>Opens or closes a path for data, as the steering plan says (keepalives still go).</summary>
    /// <param name="path">The path.</param>
    /// <param name="allowed">Whether it may carry.</param>
    public void SetAllowed(int path, bool allowed)
    {
        lock (_sending)
        {
            _allowed[path] = allowed;
            UpdatePaths();
        }
    }

    /// <summary>
    /// Sends an inner packet: chooses its path (and a second one for real-time traffic), seals it and queues it
    /// for the path's pacer. While every path already has <see cref="BondOptions.MaxQueueMs"/> queued, it waits:
    /// the backlog then builds in the TUN interface's queue, whose drops tell TCP to slow down.
    /// </summary>
    /// <param name="inner">An IP packet.</param>
    public void Send(ReadOnlySpan<byte> inner)
    {
        int size = inner.Length + TunnelCipher.Overhead + _options.WireOverhead;
        while (true)
        {
            long now = NowUs;
            lock (_sending)
            {
                if (!Full(now))
                {
                    int first = _scheduler.Choose(size, now, out long firstAt);
                    if (first < 0)
                    {
                        Dropped++;
                        return;
                    }

                    uint global = _nextGlobal++;
                    long secondAt = 0;
                    int second = IsRealTime(inner) ? _scheduler.Choose(size, now, out secondAt, except: first) : -1;
                    byte flags = second >= 0 ? TunnelHeader.Duplicated : (byte)0;
                    Queue(first, flags, global, inner, firstAt, now);
                    if (second >= 0)
                    {
                        Queue(second, flags, global, inner, secondAt, now);
                    }

                    Sent++;
                    return;
                }
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>Takes a datagram from the peer.</summary>
    /// <param name="datagram">As received.</param>
    /// <param name="path">The path it came on, when it opened.</param>
    /// <returns>What it was; only <see cref="TunnelOpenResult.Ok"/> changed anything.</returns>
    public TunnelOpenResult Receive(ReadOnlySpan<byte> datagram, out int path)
    {
        path = -1;
        lock (_receiving)
        {
            TunnelOpenResult result = _cipher.Open(datagram, _opened, out TunnelHeader header, out int length);
            if (result != TunnelOpenResult.Ok || header.Path >= _paths.Count)
            {
                Refused++;
                return result == TunnelOpenResult.Ok ? TunnelOpenResult.Malformed : result;
            }

            if (header.Run != _peerRun)
            {
                // The peer started again: its numbers and its clock start over.
                if (_peerRun != 0)
                {
                    _reorder.Reset();
                    _haveReference = false;
                    PeerRestarts++;
                    lock (_sending)
                    {
                        _lastPeerReport = 0;
                    }
                }

                _peerRun = header.Run;
            }

            long now = NowUs;
            path = header.Path;
            _rxBytes[path] += datagram.Length + _options.WireOverhead;
            long delay = Delay(header.SentUs);
            _peerSentUs[path] = header.SentUs;
            _peerSentHeardUs[path] = now;
            Heard(path, now);
            switch (header.Type)
            {
                case TunnelPacketType.Data:
                    _reorder.Receive(path, header.GlobalSeq, header.PathSeq, delay, length, _opened.AsSpan(0, length).ToArray(), now,
                        realTime: (header.Flags & TunnelHeader.Duplicated) != 0);
                    break;
                case TunnelPacketType.Keepalive:
                    _reorder.Keepalive(path, header.GlobalSeq, delay, now);
                    break;
                case TunnelPacketType.Feedback:
                    Feedback(_opened.AsSpan(0, length), path);
                    break;
                case TunnelPacketType.Probe:
                    AcknowledgeProbe(path, datagram.Length + IpUdpHeaders);
                    break;
                case TunnelPacketType.ProbeAck when length >= 2:
                    lock (_sending)
                    {
                        _mtu[path].Acknowledged(BinaryPrimitives.ReadUInt16BigEndian(_opened), now);
                        UpdatePaths();
                    }

                    break;
            }

            return TunnelOpenResult.Ok;
        }
    }

    /// <summary>Runs the timers: gives up overdue gaps, declares silent paths dead, sends keepalives and feedback.</summary>
    public void Tick()
    {
        long now = NowUs;
        lock (_receiving)
        {
            _reorder.Poll(now);
            for (int p = 0; p < _paths.Count; p++)
            {
                // A closed path carries nothing to be suspicious about, and its peer speaks on it only now and then.
                bool open = IsOpen(p);
                long jitters = 4 * _reorder.Paths[p].JitterUs;
                _deadAfterUs[p] = open ? _options.DeadAfterMs * 1000L : Math.Max(_options.DeadAfterMs * 1000L, (2 * _options.ClosedKeepaliveMs * 1000L) + jitters);
                _suspectAfterUs[p] = open ? Math.Max(_options.SuspectAfterMs * 1000L, (_options.KeepaliveMs * 1000L) + jitters) : _deadAfterUs[p];
            }
        }

        for (int p = 0; p < _paths.Count; p++)
        {
            long silentUs = now - Volatile.Read(ref _lastHeardUs[p]);
            bool died = false;
            lock (_sending)
            {
                if (_alive[p] && !_suspect[p] && silentUs > _suspectAfterUs[p])
                {
                    _suspect[p] = true;
                    UpdatePaths();
                    Reinject(p, now);
                }

                if (_alive[p] && silentUs > _deadAfterUs[p])
                {
                    _alive[p] = false;
                    UpdatePaths();
                    Reinject(p, now);
                    died = true;
                }
            }

            if (died)
            {
                PathChanged?.Invoke(p, false);
            }
        }

        Probe(now);
        bool feedback = now - _lastFeedbackUs >= _options.FeedbackMs * 1000L;
        int feedbackLength = feedback ? WriteFeedback() : 0;
        for (int p = 0; p < _paths.Count; p++)
        {
            int length = 0;
            lock (_sending)
            {
                // Only behind everything already put on this path: the keepalive says the path has passed every
                // number below the next one, which holds only if nothing numbered lower still waits for its pacer.
                if (_pending[p] == 0 && now - _lastSentUs[p] >= (IsOpen(p) ? _options.KeepaliveMs : _options.ClosedKeepaliveMs) * 1000L)
                {
                    length = SealOn(p, TunnelPacketType.Keepalive, 0, _nextGlobal, [], _control, now);
                    _lastSentUs[p] = now;
                }
            }

            if (length > 0)
            {
                _paths.Send(p, _control.AsSpan(0, length));
            }
        }

        if (feedback)
        {
            _lastFeedbackUs = now;
            bool anyOpen = false;
            for (int p = 0; p < _paths.Count; p++)
            {
                anyOpen |= Volatile.Read(ref _alive[p]) && IsOpen(p);
            }

            // On the open paths (on every live one while none is open): a closed metered link stays quiet.
            for (int p = 0; p < _paths.Count; p++)
            {
                if (Volatile.Read(ref _alive[p]) && (!anyOpen || IsOpen(p)))
                {
                    int length;
                    lock (_sending)
                    {
                        length = SealOn(p, TunnelPacketType.Feedback, 0, _nextGlobal, _feedback.AsSpan(0, feedbackLength), _control, now);
                    }

                    _paths.Send(p, _control.AsSpan(0, length));
                }
            }
        }
    }

    // Sealing happens under the send lock; the path's pending count keeps keepalives behind it until it left.
    // The send time is when the pacer will send it, not now: the time it waits for its pacer is no delay of the
    // path's (counted as one it showed as a standing queue, and as jitter the reorder buffer waited for).
    private int SealOn(int path, TunnelPacketType type, byte flags, uint global, ReadOnlySpan<byte> payload, byte[] buffer, long sendAtUs)
    {
        uint pathSeq = type == TunnelPacketType.Data ? ++_pathSeq[path] : _pathSeq[path];
        if (type == TunnelPacketType.Data)
        {
            _pending[path]++;
        }

        int length = _cipher.Seal(new TunnelHeader(type, flags, (byte)path, 0, 0, global, pathSeq, (uint)sendAtUs, _cipher.Run), payload, buffer);
        _txBytes[path] += length + _options.WireOverhead;
        return length;
    }

    private bool Full(long now)
    {
        for (int p = 0; p < _paths.Count; p++)
        {
            if (Usable(p) && _scheduler.QueuedUs(p, now) < _options.MaxQueueMs * 1000L)
            {
                return false;
            }
        }

        for (int p = 0; p < _paths.Count; p++)
        {
            if (Usable(p))
            {
                return true;
            }
        }

        return false;
    }

    // A round trip and a few of the peer's jitters, once measured.
    private long ReinjectMarginUs(int path) => _rttUs[path] == 0 ? DefaultReinjectMarginUs : _rttUs[path] + (4 * _reorder.Paths[path].JitterUs);

    // A suspect path carries only while no other open path is beyond suspicion: better late than dropped.
    private bool Usable(int path)
    {
        if (!IsOpen(path) || !_alive[path])
        {
            return false;
        }

        if (!_suspect[path])
        {
            return true;
        }

        for (int p = 0; p < _paths.Count; p++)
        {
            if (IsOpen(p) && _alive[p] && !_suspect[p])
            {
                return false;
            }
        }

        return true;
    }

    private void Queue(int path, byte flags, uint global, ReadOnlySpan<byte> inner, long atUs, long now)
    {
        Recent memo = Remember(path, flags, global, inner);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(inner.Length + TunnelCipher.Overhead);
        int length = SealOn(path, TunnelPacketType.Data, flags, global, inner, buffer, Math.Max(atUs, now));
        try
        {
            _queues[path].Add((buffer, length, atUs, memo));
        }
        catch (InvalidOperationException)
        {
            // Stopped: the packet goes nowhere.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // What went on a path lately stays at hand, so that when the path turns out dead its packets can go again on
    // another: TCP would otherwise wait for its retransmission timeout, a stall of a second or more.
    // Kept from a margin before the path was last heard: a path that falls silent is suspect
    // later than planned when its timer runs late, and what it carried must still be at hand then.
    private Recent Remember(int path, byte flags, uint global, ReadOnlySpan<byte> inner)
    {
        System.Collections.Generic.Queue<Recent> recent = _recent[path];
        long oldest = Volatile.Read(ref _lastHeardUs[path]) - ReinjectMarginUs(path);
        while (recent.Count > 0 && recent.Peek().SentUs is > 0 and long sent && sent < oldest)
        {
            ArrayPool<byte>.Shared.Return(recent.Dequeue().Inner);
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(inner.Length);
        inner.CopyTo(copy);
        Recent memo = new(global, flags, copy, inner.Length);
        recent.Enqueue(memo);
        return memo;
    }

    // The path fell silent at its last sign of life: whatever left on it from a little before that, or has not
    // left yet, may be lost, and goes again on the best usable path.
    // The receiver drops the copies of those that did arrive.
    private void Reinject(int dead, long now)
    {
        System.Collections.Generic.Queue<Recent> recent = _recent[dead];
        long since = _lastHeardUs[dead] - ReinjectMarginUs(dead);
        int size = _options.WireOverhead + TunnelCipher.Overhead;
        while (recent.Count > 0)
        {
            Recent packet = recent.Dequeue();
            int other;
            long atUs;
            if ((packet.SentUs == 0 || packet.SentUs >= since) && (other = _scheduler.Choose(size + packet.Length, now, out atUs, except: dead)) >= 0)
            {
                Queue(other, packet.Flags, packet.Global, packet.Inner.AsSpan(0, packet.Length), atUs, now);
                Reinjected++;
            }

            ArrayPool<byte>.Shared.Return(packet.Inner);
        }
    }

    // One pacer per path: each datagram leaves at the time the scheduler booked for it, in booking order.
    private void Pace(int path)
    {
        foreach ((byte[] buffer, int length, long atUs, Recent memo) in _queues[path].GetConsumingEnumerable())
        {
            // Up to a millisecond early: a sleep lasts at least that long, and spinning for the rest would take a
            // core from the other ends' threads; the path's bottleneck absorbs a millisecond's burst.
            while (atUs - NowUs > PacingSlackUs)
            {
                Thread.Sleep(1);
            }

            _paths.Send(path, buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
            lock (_sending)
            {
                _pending[path]--;
                _lastSentUs[path] = NowUs;
                memo.SentUs = _lastSentUs[path];
            }
        }
    }

    private bool IsRealTime(ReadOnlySpan<byte> inner)
    {
        if (inner.Length < 20 || inner[0] >> 4 != 4)
        {
            return false;
        }

        if (inner[1] >> 2 == 46)
        {
            return true;
        }

        int header = (inner[0] & 0x0f) * 4;
        return inner[9] == 17 && inner.Length >= header + 4 && _options.RealTimePorts.Count > 0
            && System.Linq.Enumerable.Contains(_options.RealTimePorts, BinaryPrimitives.ReadUInt16BigEndian(inner[(header + 2)..]));
    }

    // One-way delays relative to the first packet's: the clocks' offset cancels, and the numbers stay small.
    private long Delay(uint sentUs)
    {
        uint raw = (uint)NowUs - sentUs;
        if (!_haveReference)
        {
            _haveReference = true;
            _delayReference = raw;
        }

        return (int)(raw - _delayReference);
    }

    private void Heard(int path, long now)
    {
        Volatile.Write(ref _lastHeardUs[path], now);
        if (!Volatile.Read(ref _alive[path]) || Volatile.Read(ref _suspect[path]))
        {
            bool revived;
            lock (_sending)
            {
                revived = !_alive[path];
                _alive[path] = true;
                _suspect[path] = false;
                UpdatePaths();
            }

            if (revived)
            {
                PathChanged?.Invoke(path, true);
            }
        }
    }

    // Feedback: per path what the peer's scheduler needs (see FeedbackEntry); written once, sent on several paths.
    private int WriteFeedback()
    {
        int count = _paths.Count;
        Span<byte> payload = _feedback;
        lock (_receiving)
        {
            long now = NowUs;
            long interval = now - _rxSinceUs;
            _rxSinceUs = now;
            payload[0] = (byte)count;
            BinaryPrimitives.WriteUInt32BigEndian(payload[1..], ++_reports);
            for (int p = 0; p < count; p++)
            {
                PathArrivals a = _reorder.Paths[p];
                Span<byte> entry = payload.Slice(FeedbackHeader + (p * FeedbackEntry), FeedbackEntry);
                entry[0] = (byte)p;
                BinaryPrimitives.WriteInt64BigEndian(entry[1..], a.Heard ? a.MinDelayUs : long.MinValue);
                BinaryPrimitives.WriteUInt32BigEndian(entry[9..], (uint)Math.Min(a.JitterUs, uint.MaxValue));
                BinaryPrimitives.WriteUInt32BigEndian(entry[13..], _peerSentUs[p]);
                BinaryPrimitives.WriteUInt32BigEndian(entry[17..], a.Heard ? (uint)Math.Min(now - _peerSentHeardUs[p], uint.MaxValue) : uint.MaxValue);
                entry[21] = Volatile.Read(ref _allowed[p]) ? (byte)0 : ClosedHere;
                BinaryPrimitives.WriteUInt32BigEndian(entry[22..], (uint)Math.Min(_rxBytes[p], uint.MaxValue));
                BinaryPrimitives.WriteUInt32BigEndian(entry[26..], (uint)Math.Clamp(interval, 0, uint.MaxValue));
                BinaryPrimitives.WriteUInt32BigEndian(entry[30..], (uint)Math.Min(a.TakeQueueUs(), uint.MaxValue));
                _rxBytes[p] = 0;
            }
        }

        return _feedback.Length;
    }

    // Every copy gives the round trip of the path it came on (out on the path and back on it); the first copy of a
    // report also the paths' delays, closings and rates.
    private void Feedback(ReadOnlySpan<byte> payload, int arrivedOn)
    {
        if (payload.Length < FeedbackHeader || payload.Length < FeedbackHeader + (payload[0] * FeedbackEntry))
        {
            return;
        }

        uint now = (uint)NowUs;
        uint report = BinaryPrimitives.ReadUInt32BigEndian(payload[1..]);
        lock (_sending)
        {
            bool first = (int)(report - _lastPeerReport) > 0 || _lastPeerReport == 0;
            long sentUs = NowUs - _txSinceUs;
            for (int i = 0; i < payload[0]; i++)
            {
                ReadOnlySpan<byte> entry = payload.Slice(FeedbackHeader + (i * FeedbackEntry), FeedbackEntry);
                int path = entry[0];
                uint held = BinaryPrimitives.ReadUInt32BigEndian(entry[17..]);
                long rtt = (int)(now - BinaryPrimitives.ReadUInt32BigEndian(entry[13..]) - held);
                if (path == arrivedOn && held != uint.MaxValue && rtt > 0 && rtt < 10_000_000)
                {
                    _rttUs[path] = _rttUs[path] == 0 ? rtt : _rttUs[path] + ((rtt - _rttUs[path]) / 8);
                }

                if (!first || path >= _paths.Count)
                {
                    continue;
                }

                Volatile.Write(ref _peerClosed[path], (entry[21] & ClosedHere) != 0);
                long delay = BinaryPrimitives.ReadInt64BigEndian(entry[1..]);
                if (delay != long.MinValue)
                {
                    _peerDelayUs[path] = delay;
                }

                _rates[path].Report(BinaryPrimitives.ReadUInt32BigEndian(entry[22..]), BinaryPrimitives.ReadUInt32BigEndian(entry[26..]),
                    BinaryPrimitives.ReadUInt32BigEndian(entry[30..]), _txBytes[path], sentUs);
                _txBytes[path] = 0;
            }

            if (first)
            {
                _lastPeerReport = report;
                _txSinceUs = NowUs;
                UpdatePaths();
            }
        }
    }

    private void UpdatePaths()
    {
        for (int p = 0; p < _paths.Count; p++)
        {
            UpdatePath(p);
        }
    }

    private void UpdatePath(int path) =>
        _scheduler.SetPath(path, Usable(path), _rates[path].BytesPerSecond, _peerDelayUs[path], _mtu[path].Mtu - IpUdpHeaders + _options.WireOverhead);

    // Path MTU probes on the live paths, and the tunnel's MTU from what they found.
    private void Probe(long now)
    {
        int least = int.MaxValue;
        for (int p = 0; p < _paths.Count; p++)
        {
            if (!Volatile.Read(ref _alive[p]))
            {
                continue;
            }

            int size;
            int length = 0;
            lock (_sending)
            {
                size = _mtu[p].NextProbe(now);
                least = Math.Min(least, _mtu[p].Mtu);
                if (size > 0)
                {
                    // Padded so that the datagram's IP packet is the probe's size; the size leads, for the peer's answer.
                    byte[] padding = new byte[Math.Max(2, size - IpUdpHeaders - TunnelCipher.Overhead)];
                    BinaryPrimitives.WriteUInt16BigEndian(padding, (ushort)size);
                    length = SealOn(p, TunnelPacketType.Probe, 0, _nextGlobal, padding, _control, now);
                }
            }

            // A refusal moves the search on at the next probe; the MTU in use changes only then.
            if (size > 0 && !_paths.Send(p, _control.AsSpan(0, length)))
            {
                lock (_sending)
                {
                    _mtu[p].Refused(size, now);
                }
            }
        }

        int mtu = least - IpUdpHeaders - TunnelCipher.Overhead;
        if (least != int.MaxValue && mtu != _tunnelMtu)
        {
            Volatile.Write(ref _tunnelMtu, mtu);
            TunnelMtuChanged?.Invoke(mtu);
        }
    }

    // On the socket reader's thread: the answer goes at once, on the path the probe came on.
    private void AcknowledgeProbe(int path, int size)
    {
        byte[] ack = new byte[64];
        Span<byte> payload = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)size);
        int length;
        lock (_sending)
        {
            length = SealOn(path, TunnelPacketType.ProbeAck, 0, _nextGlobal, payload, ack, NowUs);
        }

        _paths.Send(path, ack.AsSpan(0, length));
    }

    // An inner packet put on a path; SentUs (0 until its pacer sent it) is written and read under the send lock.
    private sealed class Recent(uint global, byte flags, byte[] inner, int length)
    {
        public uint Global { get; } = global;

        public byte Flags { get; } = flags;

        public byte[] Inner { get; } = inner;

        public int Length { get; } = length;

        public long SentUs { get; set; }
    }
}
