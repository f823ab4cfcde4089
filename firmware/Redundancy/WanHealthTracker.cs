using System.Text;
using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;

namespace NfBond.Firmware.Redundancy;

/// <summary>
/// Lowers a VRRP instance's priority for every WAN link that is not usable, like keepalived's
/// track_script with a negative weight per check: two controllers with the same configured priority
/// then elect the one with more working links.
/// </summary>
public sealed class WanHealthTracker
{
    private readonly VrrpInstance _instance;
    private readonly LinkMonitor _monitor;
    private readonly int _weight;
    private readonly LoopTimer _timer;

    /// <summary>Creates a tracker; it checks every <paramref name="periodMs"/> once started.</summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="instance">The VRRP instance whose priority follows.</param>
    /// <param name="monitor">The link monitor.</param>
    /// <param name="weightPerLink">Priority lost per unusable link (keepalived weights are -253 to 253).</param>
    /// <param name="periodMs">How often to check.</param>
    public WanHealthTracker(EventLoop loop, VrrpInstance instance, LinkMonitor monitor, int weightPerLink, int periodMs)
    {
        _instance = instance;
        _monitor = monitor;
        _weight = weightPerLink;
        _timer = new LoopTimer(loop, OnTimer);
        PeriodMs = periodMs;
    }

    /// <summary>Gets how often the links are checked.</summary>
    public int PeriodMs { get; }

    /// <summary>Starts checking (and checks at once).</summary>
    public void Start()
    {
        Check();
        _timer.StartPeriodic(PeriodMs);
    }

    /// <summary>Stops checking.</summary>
    public void Stop()
    {
        _timer.Stop();
    }

    /// <summary>Recomputes the penalty now.</summary>
    public void Check()
    {
        int penalty = 0;
        StringBuilder cause = new StringBuilder();
        LinkWatch[] links = _monitor.Links;
        for (int i = 0; i < links.Length; i++)
        {
            if (!links[i].IsUsable)
            {
                penalty += _weight;
                cause.Append(cause.Length == 0 ? "WAN down: " : ", ");
                cause.Append(links[i].Name);
            }
        }

        _instance.SetPriorityPenalty(penalty > 254 ? 254 : penalty, cause.ToString());
    }

    private void OnTimer(LoopTimer timer)
    {
        Check();
    }
}
