using System;
using System.Collections.Generic;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// Puts a multipath tunnel's inner packets back in tunnel order. A missing packet is waited for only while
/// it can still come: paths are FIFO, so once every live path has passed it (delivered a later packet, or
/// a keepalive sent after it) it was lost,
/// and the packets behind it go at once; otherwise they wait at most the paths' delay difference plus a few
/// jitters (<see cref="HoldUs"/>). A packet given up on that still arrives is delivered late rather than
/// dropped (TCP copes with reordering better than with loss); copies (duplication mode) are dropped.
/// </summary>
/// <typeparam name="T">The packet's representation.</typeparam>
/// <remarks>Time is the caller's (µs); call <see cref="Poll"/> at <see cref="NextDeadlineUs"/>. Not thread-safe.</remarks>
public sealed class ReorderBuffer<T>
{
    private readonly ReorderOptions _options;
    private readonly Action<T> _deliver;
    private readonly T?[] _packets;
    private readonly bool[] _held;
    private readonly long[] _arrivedUs;
    private readonly long[] _releaseUs;
    private readonly bool[] _delivered;
    private readonly PathArrivals[] _paths;
    private bool _started;
    private uint _next;
    private int _count;

    /// <summary>Creates a buffer.</summary>
    /// <param name="paths">How many paths the sender has (path numbers 0 to paths - 1).</param>
    /// <param name="options">Hold bounds.</param>
    /// <param name="deliver">Receives each packet once, in order where it can be.</param>
    public ReorderBuffer(int paths, ReorderOptions options, Action<T> deliver)
    {
        _options = options;
        _deliver = deliver;
        _packets = new T?[options.Capacity];
        _held = new bool[options.Capacity];
        _arrivedUs = new long[options.Capacity];
        _releaseUs = new long[options.Capacity];
        _delivered = new bool[options.Capacity];
        _paths = new PathArrivals[paths];
        for (int i = 0; i < paths; i++)
        {
            _paths[i] = new PathArrivals();
        }
    }

    /// <summary>Gets each path's arrivals.</summary>
    public IReadOnlyList<PathArrivals> Paths => _paths;

    /// <summary>Gets how many packets were delivered.</summary>
    public long Delivered { get; private set; }

    /// <summary>Gets how many copies were dropped.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Gets how many packets were given up on (lost, or delivered late afterwards).</summary>
    public long GivenUp { get; private set; }

    /// <summary>Gets how many of those were given up because they waited <see cref="HoldUs"/> (the others: every path had passed them).</summary>
    public long WaitedOut { get; private set; }

    /// <summary>Gets how many were delivered after the buffer had given up on them.</summary>
    public long Late { get; private set; }

    /// <summary>Gets how many wait now.</summary>
    public int Waiting => _count;

    /// <summary>Gets the current hold bound: the live paths' delay difference plus <see cref="ReorderOptions.JitterFactor"/> jitters and <see cref="ReorderOptions.MinHoldUs"/>, at most <see cref="ReorderOptions.MaxHoldUs"/>.</summary>
    public long HoldUs { get; private set; }

    /// <summary>Gets when <see cref="Poll"/> should run next, or -1 when nothing waits.</summary>
    public long NextDeadlineUs => _count == 0 ? -1 : _held[Slot(_next)] ? _releaseUs[Slot(_next)] : OldestHeldUs() + HoldUs;

    /// <summary>Gets whether a path that carried lately has gone quiet (see <see cref="ReorderOptions.QuietPathUs"/>), so gaps wait the longest hold.</summary>
    public bool QuietPath { get; private set; }

    /// <summary>Gets the one-way delay every packet is delivered at, with <see cref="ReorderOptions.EqualizeDelay"/>: the slowest live path's least (µs, with the clocks' offset).</summary>
    public long EqualDelayUs { get; private set; }

    /// <summary>Forgets everything, for a sender that restarted and numbers from the start again (what waits is dropped).</summary>
    public void Reset()
    {
        Array.Clear(_packets);
        Array.Clear(_held);
        Array.Clear(_arrivedUs);
        Array.Clear(_releaseUs);
        Array.Clear(_delivered);
        for (int i = 0; i < _paths.Length; i++)
        {
            _paths[i] = new PathArrivals();
        }

        _started = false;
        _count = 0;
    }

    /// <summary>Takes a packet from a path.</summary>
    /// <param name="path">The path it came on.</param>
    /// <param name="globalSeq">Its tunnel number.</param>
    /// <param name="pathSeq">Its number on the path.</param>
    /// <param name="delayUs">Arrival minus send time (with the clocks' offset), µs.</param>
    /// <param name="size">Its size, bytes.</param>
    /// <param name="packet">The packet.</param>
    /// <param name="nowUs">Now.</param>
    /// <param name="realTime">A real-time copy: never held for <see cref="ReorderOptions.EqualizeDelay"/>.</param>
    public void Receive(int path, uint globalSeq, uint pathSeq, long delayUs, int size, T packet, long nowUs, bool realTime = false)
    {
        _paths[path].Arrived(globalSeq, pathSeq, delayUs, size, nowUs);
        UpdateHold(nowUs);
        if (!_started)
        {
            _started = true;
            _next = globalSeq;
        }

        int ahead = (int)(globalSeq - _next);
        if (ahead < 0)
        {
            Behind(globalSeq, packet);
        }
        else
        {
            while (ahead >= _packets.Length)
            {
                // No room: give up the oldest gap so the window moves.
                Skip();
                ahead = (int)(globalSeq - _next);
            }

            int slot = Slot(globalSeq);
            if (_held[slot])
            {
                Duplicates++;
            }
            else
            {
                _held[slot] = true;
                _packets[slot] = packet;
                _arrivedUs[slot] = nowUs;
                _releaseUs[slot] = _options.EqualizeDelay && !realTime ? nowUs + Math.Max(0, EqualDelayUs - delayUs) : nowUs;
                _count++;
            }
        }

        Release(nowUs);
    }

    /// <summary>
    /// Takes a path's keepalive: its delay counts in the hold bound before it carries data, and a gap below
    /// the sender's next number is no longer waited for on this path.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="nextGlobalSeq">The sender's next tunnel number when it sent the keepalive.</param>
    /// <param name="delayUs">Arrival minus send time (with the clocks' offset), µs.</param>
    /// <param name="nowUs">Now.</param>
    public void Keepalive(int path, uint nextGlobalSeq, long delayUs, long nowUs)
    {
        _paths[path].Keepalive(nextGlobalSeq, delayUs, nowUs);
        UpdateHold(nowUs);
        Release(nowUs);
    }

    /// <summary>Gives up on packets that waited longer than the hold bound or can no longer come.</summary>
    /// <param name="nowUs">Now.</param>
    public void Poll(long nowUs)
    {
        UpdateHold(nowUs);
        Release(nowUs);
    }

    private int Slot(uint seq) => (int)(seq % (uint)_packets.Length);

    private void Behind(uint globalSeq, T packet)
    {
        int slot = Slot(globalSeq);
        if ((int)(_next - globalSeq) > _packets.Length || _delivered[slot])
        {
            Duplicates++;
            return;
        }

        _delivered[slot] = true;
        Late++;
        Delivered++;
        _deliver(packet);
    }

    private void Release(long nowUs)
    {
        while (_count > 0)
        {
            int slot = Slot(_next);
            if (_held[slot] && _releaseUs[slot] > nowUs)
            {
                return;
            }

            if (_held[slot])
            {
                T packet = _packets[slot]!;
                _held[slot] = false;
                _packets[slot] = default;
                _count--;
                _delivered[slot] = true;
                _next++;
                Delivered++;
                _deliver(packet);
                continue;
            }

            bool passed = CannotCome(_next, nowUs);
            if (!passed && nowUs - OldestHeldUs() < HoldUs)
            {
                return;
            }

            if (!passed)
            {
                WaitedOut++;
            }

            Skip();
        }
    }

    // FIFO paths: a packet is lost once every live path has passed it.
    private bool CannotCome(uint seq, long nowUs)
    {
        bool any = false;
        foreach (PathArrivals p in _paths)
        {
            if (!p.Heard || nowUs - p.LastHeardUs > _options.IdlePathUs)
            {
                continue;
            }

            any = true;
            if ((int)(p.Frontier - seq) <= 0)
            {
                return false;
            }
        }

        return any;
    }

    private void Skip()
    {
        _delivered[Slot(_next)] = false;
        _next++;
        GivenUp++;
    }

    private long OldestHeldUs()
    {
        long oldest = long.MaxValue;
        uint seq = _next;
        for (int seen = 0; seen < _count; seq++)
        {
            int slot = Slot(seq);
            if (_held[slot])
            {
                seen++;
                oldest = Math.Min(oldest, _arrivedUs[slot]);
            }
        }

        return oldest;
    }

    private void UpdateHold(long nowUs)
    {
        long low = long.MaxValue;
        long high = long.MinValue;
        long jitter = 0;
        bool quiet = false;
        foreach (PathArrivals p in _paths)
        {
            if (p.Heard && nowUs - p.LastHeardUs <= _options.IdlePathUs)
            {
                low = Math.Min(low, p.MinDelayUs);
                high = Math.Max(high, p.MinDelayUs);
                jitter = Math.Max(jitter, p.JitterUs);
                // A path busy with data is quiet much sooner than one that only keeps alive: after a few of its gaps.
                long quietAfter = Math.Min(_options.QuietPathUs, (4 * p.GapUs) + 5_000) + (_options.JitterFactor * p.JitterUs);
                quiet |= p.Seen && nowUs - p.LastArrivalUs <= _options.IdlePathUs && nowUs - p.LastHeardUs > quietAfter;
            }
        }

        long skew = low == long.MaxValue ? 0 : high - low;
        EqualDelayUs = high == long.MinValue ? 0 : high;
        QuietPath = quiet;
        HoldUs = quiet ? _options.MaxHoldUs : Math.Min(skew + (_options.JitterFactor * jitter) + _options.MinHoldUs, _options.MaxHoldUs);
    }
}
