using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Simulation.Network;

/// <summary>
/// A WAN in virtual time for detection tests: interfaces that can be cut, targets that can die, random
/// probe loss from a seeded generator, and round-trip times per interface. Probes complete on the event
/// loop after their round trip, or after their timeout when lost.
/// </summary>
public sealed class SimulatedNetwork : IProbeTransport
{
    private readonly EventLoop _loop;
    private readonly Random _random;
    private readonly HashSet<string> _cutInterfaces = [];
    private readonly HashSet<string> _deadHosts = [];
    private readonly Dictionary<string, int> _rttMs = [];

    /// <summary>Creates a network where everything answers.</summary>
    /// <param name="loop">The loop probes complete on.</param>
    /// <param name="seed">Seed for random loss and jitter.</param>
    public SimulatedNetwork(EventLoop loop, int seed = 1)
    {
        _loop = loop;
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    public event ProbeCompletedHandler? Completed;

    /// <summary>Gets or sets the chance that one probe is lost, 0 to 1.</summary>
    public double LossRate { get; set; }

    /// <summary>Gets or sets the random extra round-trip time, 0 to this many ms.</summary>
    public int JitterMs { get; set; }

    /// <summary>Gets the probes sent, per interface.</summary>
    public Dictionary<string, int> Sent { get; } = [];

    /// <summary>Sets an interface's base round-trip time (default 20 ms).</summary>
    /// <param name="iface">The interface.</param>
    /// <param name="rttMs">Milliseconds.</param>
    public void SetRtt(string iface, int rttMs) => _rttMs[iface] = rttMs;

    /// <summary>Cuts or repairs an interface: a cut one loses every probe.</summary>
    /// <param name="iface">The interface.</param>
    /// <param name="cut">True to cut.</param>
    public void Cut(string iface, bool cut = true)
    {
        if (cut)
        {
            _cutInterfaces.Add(iface);
        }
        else
        {
            _cutInterfaces.Remove(iface);
        }
    }

    /// <summary>Kills or revives a target host on every path.</summary>
    /// <param name="host">The host.</param>
    /// <param name="dead">True to kill.</param>
    public void KillHost(string host, bool dead = true)
    {
        if (dead)
        {
            _deadHosts.Add(host);
        }
        else
        {
            _deadHosts.Remove(host);
        }
    }

    /// <inheritdoc/>
    public bool Supports(ProbeKind kind, string iface) => true;

    /// <inheritdoc/>
    public void Send(ProbeRequest request)
    {
        Sent[request.Interface] = Sent.GetValueOrDefault(request.Interface) + 1;
        int rtt = _rttMs.GetValueOrDefault(request.Interface, 20) + (JitterMs > 0 ? _random.Next(JitterMs + 1) : 0);
        bool lost = _random.NextDouble() < LossRate || rtt >= request.TimeoutMs;
        long sentMs = _loop.NowMs;
        // Whether the path works is decided when the answer would arrive: a cut loses probes in flight too.
        LoopTimer arrival = new(_loop, _ =>
        {
            bool answered = !lost && Reachable(request);
            if (answered)
            {
                Complete(request, true, rtt);
                return;
            }

            LoopTimer timeout = new(_loop, _ => Complete(request, false, 0));
            timeout.StartAt(sentMs + request.TimeoutMs);
        });
        arrival.Start(Math.Min(rtt, request.TimeoutMs));
    }

    private bool Reachable(ProbeRequest request) => !_cutInterfaces.Contains(request.Interface) && !_deadHosts.Contains(request.Host);

    private void Complete(ProbeRequest request, bool answered, int rttMs)
    {
        request.Succeeded = answered;
        request.RttMicros = answered ? rttMs * 1000 : 0;
        request.Error = answered ? "" : "timeout";
        Completed?.Invoke(request);
    }
}
