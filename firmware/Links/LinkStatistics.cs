namespace NfBond.Firmware.Links;

/// <summary>
/// Latency, loss and jitter of a link over its last <see cref="Window"/> probes, kept in a fixed ring
/// so recording a probe allocates nothing.
/// </summary>
public sealed class LinkStatistics
{
    private const int Lost = -1;
    private readonly int[] _rttMicros;
    private int _next;
    private int _count;

    /// <summary>Creates statistics over a window of probes.</summary>
    /// <param name="window">How many recent probes count.</param>
    public LinkStatistics(int window)
    {
        _rttMicros = new int[window];
    }

    /// <summary>Gets the window size in probes.</summary>
    public int Window => _rttMicros.Length;

    /// <summary>Gets how many probes are in the window.</summary>
    public int Count => _count;

    /// <summary>Records an answered probe.</summary>
    /// <param name="rttMicros">Its round-trip time.</param>
    public void AddAnswer(int rttMicros)
    {
        Add(rttMicros < 0 ? 0 : rttMicros);
    }

    /// <summary>Records a lost probe.</summary>
    public void AddLoss()
    {
        Add(Lost);
    }

    /// <summary>Gets the share of lost probes in thousandths (0 with no probes).</summary>
    public int LossPermille
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            int lost = 0;
            for (int i = 0; i < _count; i++)
            {
                if (_rttMicros[i] == Lost)
                {
                    lost++;
                }
            }

            return lost * 1000 / _count;
        }
    }

    /// <summary>Gets the mean round-trip time of answered probes in microseconds, or -1 with none.</summary>
    public int LatencyMicros
    {
        get
        {
            long sum = 0;
            int n = 0;
            for (int i = 0; i < _count; i++)
            {
                if (_rttMicros[i] != Lost)
                {
                    sum += _rttMicros[i];
                    n++;
                }
            }

            return n == 0 ? -1 : (int)(sum / n);
        }
    }

    /// <summary>Gets the mean difference between consecutive answered round trips in microseconds (RFC 3550's idea of jitter, unsmoothed).</summary>
    public int JitterMicros
    {
        get
        {
            long sum = 0;
            int n = 0;
            int previous = Lost;
            int start = _count < _rttMicros.Length ? 0 : _next;
            for (int k = 0; k < _count; k++)
            {
                int rtt = _rttMicros[(start + k) % _rttMicros.Length];
                if (rtt == Lost)
                {
                    continue;
                }

                if (previous != Lost)
                {
                    sum += rtt > previous ? rtt - previous : previous - rtt;
                    n++;
                }

                previous = rtt;
            }

            return n == 0 ? 0 : (int)(sum / n);
        }
    }

    private void Add(int value)
    {
        _rttMicros[_next] = value;
        _next = (_next + 1) % _rttMicros.Length;
        if (_count < _rttMicros.Length)
        {
            _count++;
        }
    }
}
