using System;
namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// What a receiver knows about one path: its newest packets' numbers, its losses, when it last carried,
/// and its one-way delay (with an unknown clock offset that cancels between paths) and jitter.
/// </summary>
public sealed class PathArrivals
{
    private const long MinWindowUs = 2_000_000;

    private long _minCurrent = long.MaxValue;
    private long _minPrevious = long.MaxValue;
    private long _windowStartUs;
    private long _lastDelayUs;
    private long _recentMin = long.MaxValue;

    /// <summary>Gets whether the path carried data yet.</summary>
    public bool Seen { get; private set; }

    /// <summary>
    /// Gets the global sequence number the path has passed: the highest it delivered, or one below the
    /// sender's next number at its last keepalive. Paths are FIFO, so a missing packet numbered below it did
    /// not go on this path, or was lost on it.
    /// </summary>
    public uint Frontier { get; private set; }

    /// <summary>Gets the highest path sequence number received.</summary>
    public uint LastPathSeq { get; private set; }

    /// <summary>Gets when the path last delivered a data packet, µs.</summary>
    public long LastArrivalUs { get; private set; }

    /// <summary>Gets whether anything (a keepalive too) came on the path yet.</summary>
    public bool Heard { get; private set; }

    /// <summary>Gets when anything last came on the path, µs.</summary>
    public long LastHeardUs { get; private set; }

    /// <summary>Gets the mean time between the path's data packets, µs (smoothed over the last eight or so).</summary>
    public long GapUs { get; private set; }

    /// <summary>Gets the packets the path lost (gaps in its own numbers).</summary>
    public long Lost { get; private set; }

    /// <summary>Gets the packets the path delivered.</summary>
    public long Received { get; private set; }

    /// <summary>Gets the bytes the path delivered.</summary>
    public long ReceivedBytes { get; private set; }

    /// <summary>Gets the least one-way delay of the last two to four seconds, µs plus the clocks' offset.</summary>
    public long MinDelayUs => Math.Min(_minCurrent, _minPrevious);

    /// <summary>Gets the delay's mean deviation (RFC 3550's interarrival jitter), µs.</summary>
    public long JitterUs { get; private set; }

    /// <summary>
    /// Gets how far the least one-way delay since the last call stood above the least of the last seconds, µs (0
    /// when nothing came): a queue standing in the path's bottleneck, with the jitter filtered out by the minimum.
    /// </summary>
    /// <returns>The standing queue.</returns>
    public long TakeQueueUs()
    {
        long queue = _recentMin == long.MaxValue ? 0 : Math.Max(0, _recentMin - MinDelayUs);
        _recentMin = long.MaxValue;
        return queue;
    }

    /// <summary>Takes one packet.</summary>
    /// <param name="globalSeq">Its tunnel number.</param>
    /// <param name="pathSeq">Its number on this path.</param>
    /// <param name="delayUs">Arrival minus send time (with the clocks' offset), µs.</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="nowUs">Now.</param>
    public void Arrived(uint globalSeq, uint pathSeq, long delayUs, int size, long nowUs)
    {
        if (Seen && (int)(pathSeq - LastPathSeq) > 1)
        {
            Lost += (int)(pathSeq - LastPathSeq) - 1;
        }

        if (!Seen || (int)(pathSeq - LastPathSeq) > 0)
        {
            LastPathSeq = pathSeq;
        }

        Pass(globalSeq);
        Delay(delayUs, nowUs);
        if (Seen)
        {
            GapUs += (nowUs - LastArrivalUs - GapUs) / 8;
        }

        LastArrivalUs = nowUs;
        Received++;
        ReceivedBytes += size;
        Seen = true;
    }

    /// <summary>Takes a keepalive: the path is alive, has passed every number below <paramref name="nextGlobalSeq"/>, and has this delay.</summary>
    /// <param name="nextGlobalSeq">The sender's next tunnel number when it sent the keepalive.</param>
    /// <param name="delayUs">Arrival minus send time (with the clocks' offset), µs.</param>
    /// <param name="nowUs">Now.</param>
    public void Keepalive(uint nextGlobalSeq, long delayUs, long nowUs)
    {
        Pass(nextGlobalSeq - 1);
        Delay(delayUs, nowUs);
    }

    private void Pass(uint globalSeq)
    {
        if (!Heard || (int)(globalSeq - Frontier) > 0)
        {
            Frontier = globalSeq;
        }
    }

    private void Delay(long delayUs, long nowUs)
    {
        if (Heard)
        {
            JitterUs += (Math.Abs(delayUs - _lastDelayUs) - JitterUs) / 16;
        }

        if (nowUs - _windowStartUs >= MinWindowUs)
        {
            _minPrevious = _minCurrent;
            _minCurrent = long.MaxValue;
            _windowStartUs = nowUs;
        }

        _minCurrent = Math.Min(_minCurrent, delayUs);
        _recentMin = Math.Min(_recentMin, delayUs);
        _lastDelayUs = delayUs;
        LastHeardUs = nowUs;
        Heard = true;
    }
}
