using System;
namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// Earliest-delivery-path-first: each packet goes on the allowed path where it would arrive first, counting
/// what that path's pacer still has to send (queued bytes / rate) and its one-way delay. Pacing each path
/// at its rate keeps queues in the tunnel, where this scheduler sees them, not in a modem's buffer; and
/// since arrivals are estimated in order, the receiver's reorder buffer stays short.
/// </summary>
/// <remarks>
/// Rates and delays come from the receiver's feedback (delays only as differences between paths: the clock
/// offset cancels); which paths may carry comes from the controller's steering plan. Time is the caller's, µs.
/// Not thread-safe.
/// </remarks>
public sealed class PathScheduler
{
    private readonly bool[] _allowed;
    private readonly long[] _rate;
    private readonly long[] _delayUs;
    private readonly long[] _freeAtUs;
    private readonly int[] _maxSize;

    /// <summary>Creates a scheduler with every path closed.</summary>
    /// <param name="paths">How many paths.</param>
    public PathScheduler(int paths)
    {
        _allowed = new bool[paths];
        _rate = new long[paths];
        _delayUs = new long[paths];
        _freeAtUs = new long[paths];
        _maxSize = new int[paths];
        Array.Fill(_maxSize, int.MaxValue);
    }

    /// <summary>Gets the number of paths.</summary>
    public int Count => _allowed.Length;

    /// <summary>Sets what a path may do and how fast it is.</summary>
    /// <param name="path">The path.</param>
    /// <param name="allowed">Whether it may carry (its link is up and the plan lets it).</param>
    /// <param name="bytesPerSecond">The rate to pace it at; at least 1 when allowed.</param>
    /// <param name="delayUs">Its one-way delay, µs (any common offset across paths does not matter).</param>
    /// <param name="maxSize">The largest packet it carries, in the sizes <see cref="Choose"/> is given.</param>
    /// <exception cref="ArgumentOutOfRangeException">An allowed path without a rate.</exception>
    public void SetPath(int path, bool allowed, long bytesPerSecond, long delayUs, int maxSize = int.MaxValue)
    {
        if (allowed && bytesPerSecond < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, $"path {path}: an allowed path needs a rate of at least 1 byte/s");
        }

        _allowed[path] = allowed;
        _rate[path] = bytesPerSecond;
        _delayUs[path] = delayUs;
        _maxSize[path] = maxSize;
    }

    /// <summary>Gets how long a path's pacer is busy from <paramref name="nowUs"/>, µs.</summary>
    /// <param name="path">The path.</param>
    /// <param name="nowUs">Now.</param>
    /// <returns>The queued time.</returns>
    public long QueuedUs(int path, long nowUs) => Math.Max(0, _freeAtUs[path] - nowUs);

    /// <summary>Chooses the path for a packet and books it on that path's pacer.</summary>
    /// <param name="size">The packet's size on the wire, bytes.</param>
    /// <param name="nowUs">Now.</param>
    /// <param name="sendAtUs">When the pacer sends it.</param>
    /// <param name="except">A path not to choose (the first copy's, for a duplicate), or -1.</param>
    /// <returns>The path, or -1 when no path may carry it.</returns>
    public int Choose(int size, long nowUs, out long sendAtUs, int except = -1)
    {
        int best = -1;
        long bestArrival = long.MaxValue;
        for (int p = 0; p < _allowed.Length; p++)
        {
            if (!_allowed[p] || p == except || size > _maxSize[p])
            {
                continue;
            }

            long arrival = Math.Max(nowUs, _freeAtUs[p]) + Transmit(p, size) + _delayUs[p];
            if (arrival < bestArrival)
            {
                best = p;
                bestArrival = arrival;
            }
        }

        if (best < 0)
        {
            sendAtUs = nowUs;
            return -1;
        }

        sendAtUs = Math.Max(nowUs, _freeAtUs[best]);
        _freeAtUs[best] = sendAtUs + Transmit(best, size);
        return best;
    }

    private long Transmit(int path, int size) => size * 1_000_000L / _rate[path];
}
