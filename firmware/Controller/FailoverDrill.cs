using NfBond.Firmware.Links;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Controller;

/// <summary>
/// One failover drill (the <c>run_drill</c> command): takes a link out of service as an outage would, and
/// proves the fallback instead of assuming it. It measures the switch (until the plan had moved the traffic),
/// watches that another link carries the traffic for the whole drill, calls the drill off at once when none
/// can (a drill must never cause the outage it rehearses), and after the drill waits for the link to be up
/// again. Reports <c>drill_started</c> when the traffic has moved and <c>drill_result</c> at the end.
/// </summary>
public sealed class FailoverDrill
{
    /// <summary>How often the drill looks at the plan, in milliseconds.</summary>
    public const long WatchPeriodMs = 250;

    /// <summary>How long after the drill the link may take to be up again before the result says it is not, in milliseconds (inside the aggregator's 60 s of window slack).</summary>
    public const long MaxBackMs = 45_000;

    private readonly Controller _controller;
    private readonly LoopTimer _watch;
    private LinkWatch? _link;
    private int _index;
    private long _startedMs;
    private long _endsMs;
    private long _endedMs;
    private long _switchMs;
    private long _carriedMs;
    private long _lastWatchMs;
    private string _movedTo = "";
    private string? _failure;

    /// <summary>Creates the drill runner of a controller.</summary>
    /// <param name="controller">The controller (its monitor, scheduler and telemetry bridge).</param>
    public FailoverDrill(Controller controller)
    {
        _controller = controller;
        _watch = new LoopTimer(controller.Loop, OnWatch);
    }

    /// <summary>Gets whether a drill is running (or waiting for its link to come back).</summary>
    public bool IsRunning => _link != null;

    /// <summary>Starts a drill.</summary>
    /// <param name="link">The link to take out of service.</param>
    /// <param name="durationMs">For how long.</param>
    /// <returns>Null when started (or called off at once and reported), else why not.</returns>
    public string? Start(LinkWatch link, long durationMs)
    {
        if (_link != null)
        {
            return "a drill of " + _link.Definition.Name + " is running; one at a time";
        }

        LinkWatch[] links = _controller.Monitor.Links;
        int index = 0;
        while (links[index] != link)
        {
            index++;
        }

        string name = link.Definition.Name;
        if (!OtherUp(links, link))
        {
            // Taking the only working link down would be the outage the drill rehearses: report the gap instead.
            _controller.Bridge!.ReportDrill(name, false, -1, 0, -1, "no other link is up to carry the traffic; the drill was not started and " + name + " kept it");
            return null;
        }

        long started = _controller.Loop.NowMs;
        // The drill itself lets the link back (EndDrill at its end), so the link cannot rise and take the traffic
        // before the drill has looked for the last time; the margin only matters if this watch stops running.
        _controller.Monitor.Drill(link, durationMs + 2 * WatchPeriodMs);
        SteeringPlan plan = _controller.Scheduler.Plan;
        if (!CarriedElsewhere(plan, index))
        {
            _controller.Monitor.EndDrill(link);
            _controller.Bridge!.ReportDrill(name, false, -1, 0, -1, "no other link could carry the traffic; the drill was called off and " + name + " kept it");
            return null;
        }

        _link = link;
        _index = index;
        _startedMs = started;
        _switchMs = _controller.Loop.NowMs - started;
        _endsMs = started + durationMs;
        _endedMs = -1;
        _carriedMs = 0;
        _lastWatchMs = _controller.Loop.NowMs;
        _failure = null;
        _movedTo = plan.Describe(_controller.Site.Links);
        _controller.Bridge!.ReportDrillStarted(name, _switchMs, "traffic moved to " + _movedTo + " in " + _switchMs.ToString() + " ms");
        _watch.StartPeriodic(WatchPeriodMs);
        return null;
    }

    private void OnWatch(LoopTimer timer)
    {
        LinkWatch link = _link!;
        if (!_controller.IsRunning)
        {
            // The controller stopped (a reboot): nothing is left to report through.
            Finish();
            return;
        }

        long now = _controller.Loop.NowMs;
        if (_endedMs < 0)
        {
            if (now >= _endsMs)
            {
                _carriedMs += _endsMs - _lastWatchMs;
                _controller.Monitor.EndDrill(link);
                _endedMs = now;
                return;
            }

            if (!CarriedElsewhere(_controller.Scheduler.Plan, _index))
            {
                _failure = "traffic stopped " + ((now - _startedMs) / 1000).ToString() + " s into the drill: no other link carried it; the drill was called off";
                _controller.Monitor.EndDrill(link);
                _endedMs = now;
                return;
            }

            _carriedMs += now - _lastWatchMs;
            _lastWatchMs = now;
            return;
        }

        bool back = link.State == LinkState.Up;
        if (!back && now - _endedMs < MaxBackMs)
        {
            return;
        }

        string name = link.Definition.Name;
        string outcome = back ? name + " back " + DecimalText.Scaled((now - _endedMs) / 100, 1) + " s after the drill" : name + " not back within " + (MaxBackMs / 1000).ToString() + " s after the drill";
        string detail = _failure != null ? _failure + "; " + outcome
            : "traffic moved to " + _movedTo + " in " + _switchMs.ToString() + " ms and was carried for " + DecimalText.Scaled(_carriedMs / 100, 1) + " s; " + outcome;
        _controller.Bridge!.ReportDrill(name, _failure == null, _switchMs, _carriedMs, back ? now - _endedMs : -1, detail);
        Finish();
    }

    private void Finish()
    {
        _watch.Stop();
        _link = null;
    }

    private static bool OtherUp(LinkWatch[] links, LinkWatch drilled)
    {
        for (int i = 0; i < links.Length; i++)
        {
            if (links[i] != drilled && links[i].State == LinkState.Up)
            {
                return true;
            }
        }

        return false;
    }

    // The drilled link carries nothing and another link that is up carries traffic (with every link down the
    // scheduler keeps its last plan, so a weight alone does not say that traffic flows).
    private bool CarriedElsewhere(SteeringPlan plan, int index)
    {
        if (plan.Weights[index] != 0)
        {
            return false;
        }

        LinkWatch[] links = _controller.Monitor.Links;
        for (int i = 0; i < plan.Weights.Length; i++)
        {
            if (plan.Weights[i] > 0 && links[i].State == LinkState.Up)
            {
                return true;
            }
        }

        return false;
    }
}
