using System;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// A path's sending rate, learned from what the receiver reports: it starts at the link's configured capacity
/// (its ceiling) and follows the bottleneck down when the path delivers less than it was given while a queue
/// stands in it (an LTE cell that got busy, a DSL line that retrained, a capacity set too
/// high), and probes back up while the path keeps up with all it is given. So the queue stays in the tunnel's
/// pacer, where the scheduler sees it, and not in a modem's buffer where it only adds delay.
/// </summary>
/// <remarks>One report per feedback interval (about 100 ms). Not thread-safe.</remarks>
public sealed class PathRate
{
    private readonly long _ceiling;
    private readonly long _floor;
    private readonly long _queueTargetUs;

    /// <summary>Creates a rate at its ceiling.</summary>
    /// <param name="ceilingBytesPerSecond">The link's configured capacity as a pacing rate: never more.</param>
    /// <param name="queueTargetUs">The standing queue in the path above which it is taken to be overloaded, µs.</param>
    public PathRate(long ceilingBytesPerSecond, long queueTargetUs)
    {
        _ceiling = Math.Max(1, ceilingBytesPerSecond);
        // A path must keep carrying something to be measured again.
        _floor = Math.Max(1, _ceiling / 50);
        _queueTargetUs = queueTargetUs;
        BytesPerSecond = _ceiling;
    }

    /// <summary>Gets the rate to pace the path at, bytes/s.</summary>
    public long BytesPerSecond { get; private set; }

    /// <summary>Gets how many times the rate was cut to what the path delivered.</summary>
    public long Cuts { get; private set; }

    /// <summary>Takes one report.</summary>
    /// <param name="deliveredBytes">What the receiver got on the path in its interval (wire bytes).</param>
    /// <param name="intervalUs">The receiver's interval, µs.</param>
    /// <param name="queueUs">How far the interval's least one-way delay stood above the path's least of the last seconds, µs.</param>
    /// <param name="sentBytes">What this end sent on the path over about the same time (wire bytes).</param>
    /// <param name="sentUs">Over how long, µs.</param>
    public void Report(long deliveredBytes, long intervalUs, long queueUs, long sentBytes, long sentUs)
    {
        if (intervalUs <= 0 || sentUs <= 0)
        {
            return;
        }

        long delivered = deliveredBytes * 1_000_000 / intervalUs;
        long sent = sentBytes * 1_000_000 / sentUs;
        bool busy = sent * 10 >= BytesPerSecond * 9;
        // Not on loss alone: a radio link loses packets at random, and cutting for each would starve it; a bottleneck
        // that drops for overload has a full queue first.
        // Not only while busy: a rate far above the bottleneck is never used up, since what is lost there slows the flows down first.
        if (queueUs > _queueTargetUs && delivered < BytesPerSecond)
        {
            // Under what came through by a sixteenth and by as much again as drains the standing queue in half a second.
            long drain = delivered * Math.Min(queueUs, 375_000) / 500_000;
            BytesPerSecond = Math.Clamp(delivered - (delivered / 16) - drain, _floor, _ceiling);
            Cuts++;
        }
        else if (busy && queueUs < _queueTargetUs / 2)
        {
            BytesPerSecond = Math.Min(_ceiling, BytesPerSecond + Math.Max(1, BytesPerSecond / 32));
        }
    }
}
