using System;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// Finds how large an IP packet a path carries, by probes the peer acknowledges (datagram packetization-layer path
/// MTU discovery, RFC 8899): no ICMP needed, so a path that silently drops large packets (a PPPoE line, an LTE
/// bearer, a tunnel in the provider's network) is found too. The path is taken to carry its configured MTU until a
/// probe of that size goes unanswered; then a binary search between the smallest MTU assumed and the largest finds it,
/// and every <c>revalidateUs</c> the result is probed again (a route change can shrink it, a repaired one grow it).
/// </summary>
/// <remarks>Time is the caller's, µs. Not thread-safe.</remarks>
public sealed class PathMtuSearch
{
    private readonly int _largest;
    private readonly int _smallest;
    private readonly int _granularity;
    private readonly int _tries;
    private readonly long _retryUs;
    private readonly long _revalidateUs;
    private int _confirmed;
    private int _failed;
    private int _probe;
    private int _sent;
    private long _nextUs;
    private bool _searching;
    private int _prior;

    /// <summary>Creates a search that starts by probing the largest size.</summary>
    /// <param name="largest">The configured MTU (the link's interface MTU), bytes.</param>
    /// <param name="smallest">The least MTU assumed of any path (IPv6's minimum; what IPv4 paths carry in practice).</param>
    /// <param name="granularity">Bytes: the search stops when the answered and unanswered sizes are this close.</param>
    /// <param name="tries">How many probes of a size go unanswered before it counts as too large (probes can be lost like any packet).</param>
    /// <param name="retryUs">How long a probe is waited for, µs.</param>
    /// <param name="revalidateUs">How long a result holds before it is probed again, µs.</param>
    public PathMtuSearch(int largest, int smallest = 1280, int granularity = 8, int tries = 3, long retryUs = 200_000, long revalidateUs = 600_000_000)
    {
        _largest = largest;
        _smallest = Math.Min(smallest, largest);
        _granularity = granularity;
        _tries = tries;
        _retryUs = retryUs;
        _revalidateUs = revalidateUs;
        Mtu = largest;
        _probe = largest;
        _failed = largest + 1;
        _searching = true;
    }

    /// <summary>Gets the MTU to use now: the configured one until shown too large, the smallest while searching, then what the search found.</summary>
    public int Mtu { get; private set; }

    /// <summary>Gets how many searches ended with a result.</summary>
    public int Searches { get; private set; }

    /// <summary>Gets the size to probe now, or 0.</summary>
    /// <param name="nowUs">Now.</param>
    /// <returns>A probe's IP size.</returns>
    public int NextProbe(long nowUs)
    {
        if (nowUs < _nextUs)
        {
            return 0;
        }

        if (!_searching)
        {
            // Revalidate: the largest first (a shorter result may have grown back), then the result itself, which holds meanwhile.
            _searching = true;
            _prior = Mtu < _largest ? Mtu : 0;
            _confirmed = 0;
            _failed = _largest + 1;
            _probe = _largest;
            _sent = 0;
        }
        else if (_sent >= _tries)
        {
            Unanswered();
            if (!_searching)
            {
                return 0;
            }
        }

        _sent++;
        _nextUs = nowUs + _retryUs;
        return _probe;
    }

    /// <summary>Takes the peer's acknowledgement of a probe.</summary>
    /// <param name="size">The probe's IP size, as the peer saw it.</param>
    /// <param name="nowUs">Now.</param>
    public void Acknowledged(int size, long nowUs)
    {
        if (!_searching || size != _probe)
        {
            return;
        }

        _confirmed = size;
        if (size >= _largest)
        {
            Finish(size, nowUs);
            return;
        }

        Next(nowUs);
    }

    /// <summary>Takes a probe the local stack refused to send (larger than the link's own MTU): too large at once.</summary>
    /// <param name="size">The probe's IP size.</param>
    /// <param name="nowUs">Now.</param>
    public void Refused(int size, long nowUs)
    {
        if (_searching && size == _probe)
        {
            _sent = _tries;
            _nextUs = nowUs;
        }
    }

    private void Unanswered()
    {
        _failed = _probe;
        if (_probe == _largest && _prior > 0)
        {
            _probe = _prior;
            _sent = 0;
            return;
        }

        if (_probe == _prior)
        {
            _prior = 0;
            _confirmed = 0;
        }

        // What is not confirmed is not safe: the smallest until the search says more.
        Mtu = Math.Max(_confirmed, _smallest);
        Next(_nextUs);
    }

    private void Next(long nowUs)
    {
        int low = Math.Max(_confirmed, _smallest);
        if (_failed - low <= _granularity)
        {
            Finish(low, nowUs);
            return;
        }

        _probe = (low + _failed) / 2;
        _sent = 0;
        _nextUs = nowUs;
    }

    private void Finish(int mtu, long nowUs)
    {
        Mtu = mtu;
        _searching = false;
        _nextUs = nowUs + _revalidateUs;
        Searches++;
    }
}
