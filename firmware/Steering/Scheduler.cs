using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Firmware.Steering;

/// <summary>
/// Keeps the steering plan in step with link health: re-plans at once when a link changes state and
/// every <see cref="EvaluateIntervalMs"/> for health and data-cap drift, applies changed plans through
/// the HAL executor, and tells the monitor which links carry traffic (idle metered links probe less).
/// Small health drifts do not re-apply the plan: only a change of the carrying set, or a share moving
/// by more than <see cref="RebalanceThreshold"/>, does, so flows are not reshuffled by noise.
/// </summary>
public sealed class Scheduler
{
    /// <summary>The change of one share (thousandths) that makes a rebalance worth applying.</summary>
    public const int RebalanceThreshold = 150;

    private readonly EventLoop _loop;
    private readonly LinkMonitor _monitor;
    private readonly ISteeringExecutor _executor;
    private readonly LinkDefinition[] _links;
    private readonly ModemStatus?[] _modems;
    private readonly SteeringEntry[] _entries;
    private readonly long[] _probeBytesCounted;
    private readonly long[] _trafficBytesSeen;
    private readonly LoopTimer _evaluate;
    private readonly LoopTimer _retry;
    private SteeringPlan _plan;
    private long _retryDelayMs;

    /// <summary>Creates a scheduler; nothing is applied until <see cref="Start"/>.</summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="monitor">The link monitor whose verdicts drive the plan.</param>
    /// <param name="executor">Applies plans on the platform.</param>
    public Scheduler(EventLoop loop, LinkMonitor monitor, ISteeringExecutor executor)
    {
        _loop = loop;
        _monitor = monitor;
        _executor = executor;
        int n = monitor.Links.Length;
        _links = new LinkDefinition[n];
        _modems = new ModemStatus?[n];
        _entries = new SteeringEntry[n];
        Meters = new DataCapMeter[n];
        _probeBytesCounted = new long[n];
        _trafficBytesSeen = new long[n];
        for (int i = 0; i < n; i++)
        {
            LinkDefinition link = monitor.Links[i].Definition;
            _links[i] = link;
            Meters[i] = new DataCapMeter(link);
            SteeringEntry entry = new SteeringEntry();
            entry.Name = link.Name;
            entry.Interface = link.Interface;
            entry.Gateway = link.Gateway;
            entry.Mark = link.Mark;
            _entries[i] = entry;
            _trafficBytesSeen[i] = -1;
        }

        _plan = new SteeringPlan(0, loop.NowMs, new int[n], "not planned yet");
        _evaluate = new LoopTimer(loop, OnEvaluateTimer);
        _retry = new LoopTimer(loop, OnRetryTimer);
        monitor.StateChanged = OnLinkChanged;
    }

    /// <summary>Gets or sets how often health and data caps are re-evaluated.</summary>
    public int EvaluateIntervalMs { get; set; } = 5000;

    /// <summary>Gets or sets the interface counters used for data-cap accounting, or null to count probes only.</summary>
    public ITrafficCounters? Counters { get; set; }

    /// <summary>Raised for each plan change; every subscriber is told.</summary>
    public event PlanChangedHandler? PlanChanged;

    /// <summary>Gets the plan in force.</summary>
    public SteeringPlan Plan => _plan;

    /// <summary>Gets the data-cap meters in site order.</summary>
    public DataCapMeter[] Meters { get; }

    /// <summary>Gets what the executor last failed with, or null.</summary>
    public string? LastApplyError { get; private set; }

    /// <summary>Attaches a cellular link's modem status, so signal counts in its health.</summary>
    /// <param name="index">The link's position in the site.</param>
    /// <param name="status">The modem's status.</param>
    public void SetModem(int index, ModemStatus status)
    {
        _modems[index] = status;
    }

    /// <summary>Prepares the links on the platform, then plans now and every <see cref="EvaluateIntervalMs"/>.</summary>
    public void Start()
    {
        LastApplyError = _executor.Prepare(_entries);
        Evaluate("start");
        _evaluate.StartPeriodic(EvaluateIntervalMs);
    }

    /// <summary>Stops periodic evaluation and any pending retry.</summary>
    public void Stop()
    {
        _evaluate.Stop();
        _retry.Stop();
    }

    /// <summary>The first wait before a refused plan is applied again; it doubles up to <see cref="RetryMaxMs"/>.</summary>
    public const long RetryInitialMs = 1000;

    /// <summary>The longest wait between two attempts to apply a refused plan.</summary>
    public const long RetryMaxMs = 60000;

    /// <summary>Raised after each retry of a plan the executor refused: the error, or null once it took it.</summary>
    public event PlanChangedHandler? ApplyRetried;

    /// <summary>Gets how many times the plan in force has been retried (0 once applied at the first attempt).</summary>
    public int ApplyRetries { get; private set; }

    /// <summary>Starts a new billing cycle on metered links whose billing day has come.</summary>
    /// <param name="utcMs">Wall-clock time, milliseconds since 1970 UTC, from the platform's time source.</param>
    public void UpdateBillingCycles(long utcMs)
    {
        for (int i = 0; i < Meters.Length; i++)
        {
            if (Meters[i].UpdateCycle(utcMs))
            {
                Evaluate(_links[i].Name + ": new billing cycle");
            }
        }
    }

    /// <summary>Re-plans and applies the plan if it changed enough.</summary>
    /// <param name="trigger">What prompted the evaluation, for the plan's reason.</param>
    public void Evaluate(string trigger)
    {
        CountVolume();
        int n = _links.Length;
        int[] health = new int[n];
        for (int i = 0; i < n; i++)
        {
            health[i] = HealthScore.Of(_monitor.Links[i], _modems[i]);
        }

        int[] weights = PlanWeights.Compute(_links, health, Meters);
        bool none = true;
        for (int i = 0; i < n; i++)
        {
            none = none && weights[i] == 0;
        }

        // With no usable link the last plan stays: withdrawing every route could not help, and before
        // the first link answers there is nothing to apply.
        if (none || (_plan.Version > 0 && !Differs(weights, _plan.Weights)))
        {
            return;
        }

        Apply(new SteeringPlan(_plan.Version + 1, _loop.NowMs, weights, trigger));
    }

    private void Apply(SteeringPlan plan)
    {
        _plan = plan;
        for (int i = 0; i < _entries.Length; i++)
        {
            _entries[i].Weight = plan.Weights[i];
            _monitor.SetCarrying(_monitor.Links[i], plan.Weights[i] > 0);
        }

        LastApplyError = _executor.Apply(_entries);
        ApplyRetries = 0;
        _retryDelayMs = RetryInitialMs;
        if (LastApplyError != null)
        {
            // A refused plan is never dropped: it is applied again until the executor takes it or a newer plan replaces it.
            _retry.Start(_retryDelayMs);
        }
        else
        {
            _retry.Stop();
        }

        PlanChangedHandler? handler = PlanChanged;
        if (handler != null)
        {
            handler(plan, LastApplyError);
        }
    }

    private void OnRetryTimer(LoopTimer timer)
    {
        ApplyRetries++;
        LastApplyError = _executor.Apply(_entries);
        if (LastApplyError != null)
        {
            _retryDelayMs = _retryDelayMs * 2 > RetryMaxMs ? RetryMaxMs : _retryDelayMs * 2;
            _retry.Start(_retryDelayMs);
        }

        PlanChangedHandler? handler = ApplyRetried;
        if (handler != null)
        {
            handler(_plan, LastApplyError);
        }
    }

    private static bool Differs(int[] next, int[] current)
    {
        for (int i = 0; i < next.Length; i++)
        {
            if ((next[i] > 0) != (current[i] > 0))
            {
                return true;
            }

            int delta = next[i] - current[i];
            if (delta > RebalanceThreshold || -delta > RebalanceThreshold)
            {
                return true;
            }
        }

        return false;
    }

    private void CountVolume()
    {
        for (int i = 0; i < _links.Length; i++)
        {
            if (!_links[i].Metered)
            {
                continue;
            }

            long probes = _monitor.Links[i].ProbeBytes;
            Meters[i].Add(probes - _probeBytesCounted[i]);
            _probeBytesCounted[i] = probes;
            ITrafficCounters? counters = Counters;
            long seen = counters == null ? -1 : counters.ReadBytes(_links[i].Interface);
            if (seen >= 0 && _trafficBytesSeen[i] >= 0 && seen >= _trafficBytesSeen[i])
            {
                Meters[i].Add(seen - _trafficBytesSeen[i]);
            }

            _trafficBytesSeen[i] = seen;
        }
    }

    private void OnLinkChanged(LinkEvent linkEvent)
    {
        Evaluate(linkEvent.Link + " " + LinkStates.Name(linkEvent.State) + ": " + linkEvent.Cause);
    }

    private void OnEvaluateTimer(LoopTimer timer)
    {
        Evaluate("periodic re-evaluation of health and data caps");
    }
}
