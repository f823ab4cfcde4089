using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Steering;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Telemetry;

/// <summary>
/// Turns what the controller's modules report into telemetry: link state changes, dampening and
/// upstream suspicions, plan changes (a change of the carrying set is a failover), VRRP role changes,
/// modem recovery steps and SIM changes, data-cap thresholds; and writes the state snapshot from the
/// same sources. It subscribes to the sources' events beside any other subscriber.
/// </summary>
public sealed class TelemetryBridge
{
    private readonly TelemetryAgent _agent;
    private readonly LinkMonitor _monitor;
    private readonly Scheduler _scheduler;
    private readonly VrrpInstance? _vrrp;
    private readonly ModemSupervisor[] _modems;
    private readonly LinkDefinition[] _links;
    private readonly string[] _iccids;
    private readonly int[] _capLevel;
    private int[] _lastWeights;

    /// <summary>Wires the sources to the agent.</summary>
    /// <param name="agent">The telemetry agent.</param>
    /// <param name="monitor">The link monitor.</param>
    /// <param name="scheduler">The scheduler.</param>
    /// <param name="vrrp">The VRRP instance, or null on a single-controller site.</param>
    /// <param name="modems">The modem supervisors (may be empty).</param>
    public TelemetryBridge(TelemetryAgent agent, LinkMonitor monitor, Scheduler scheduler, VrrpInstance? vrrp, ModemSupervisor[] modems)
    {
        _agent = agent;
        _monitor = monitor;
        _scheduler = scheduler;
        _vrrp = vrrp;
        _modems = modems;
        _links = new LinkDefinition[monitor.Links.Length];
        for (int i = 0; i < _links.Length; i++)
        {
            _links[i] = monitor.Links[i].Definition;
        }

        _iccids = StringUtil.NewArray(modems.Length, string.Empty);
        _capLevel = new int[monitor.Links.Length];
        _lastWeights = new int[monitor.Links.Length];

        monitor.EventRaised += OnLinkEvent;
        scheduler.PlanChanged += OnPlan;
        scheduler.ApplyRetried += OnApplyRetried;
        if (vrrp != null)
        {
            vrrp.EventRaised += OnVrrp;
        }

        for (int i = 0; i < modems.Length; i++)
        {
            modems[i].EventRaised += OnModem;
        }

        agent.WriteState = WriteState;
        agent.BeforeState = CheckCaps;
    }

    /// <summary>Reports that a drill moved the traffic (from the run_drill command).</summary>
    /// <param name="link">The link taken out of service.</param>
    /// <param name="switchMs">How long moving the traffic took.</param>
    /// <param name="detail">Where it went, in words.</param>
    public void ReportDrillStarted(string link, long switchMs, string detail)
    {
        JsonWriter w = _agent.BeginEvent("drill_started");
        w.Member("link", link);
        w.Member("restore_ms", switchMs);
        w.Member("detail", detail);
        _agent.CommitEvent();
    }

    /// <summary>Reports a drill's outcome.</summary>
    /// <param name="link">The link taken out of service.</param>
    /// <param name="ok">Whether another link carried the traffic for the whole drill.</param>
    /// <param name="switchMs">How long moving the traffic took, or -1 when it could not move.</param>
    /// <param name="carriedMs">How long another link carried it.</param>
    /// <param name="backMs">How long after the drill the link was up again, or -1 when it was not within the limit.</param>
    /// <param name="detail">What happened, in words.</param>
    public void ReportDrill(string link, bool ok, long switchMs, long carriedMs, long backMs, string detail)
    {
        JsonWriter w = _agent.BeginEvent("drill_result");
        w.Member("link", link);
        w.Member("ok", ok);
        w.Member("restore_ms", switchMs);
        w.Member("carried_ms", carriedMs);
        w.Member("back_ms", backMs);
        w.Member("detail", detail);
        _agent.CommitEvent();
    }

    private void OnLinkEvent(LinkEvent e)
    {
        string kind;
        switch (e.Kind)
        {
            case LinkEventKind.StateChanged: kind = "link_state"; break;
            case LinkEventKind.Suppressed: kind = "link_suppressed"; break;
            case LinkEventKind.Reused: kind = "link_reused"; break;
            case LinkEventKind.UpstreamSuspected: kind = "upstream_suspected"; break;
            case LinkEventKind.UpstreamCleared: kind = "upstream_cleared"; break;
            default: return;
        }

        JsonWriter w = _agent.BeginEvent(kind);
        w.Member("link", e.Link);
        w.Member("state", LinkStates.Name(e.State));
        w.Member("cause", e.Cause);
        _agent.CommitEvent();
        if (e.Kind == LinkEventKind.StateChanged)
        {
            // Dashboards show the site from its snapshot: a link going down must not wait for the next interval.
            _agent.PublishState();
        }
    }

    private void OnPlan(SteeringPlan plan, string? error)
    {
        LinkDefinition[] links = _links;
        bool failover = false;
        for (int i = 0; i < links.Length; i++)
        {
            failover = failover || ((plan.Weights[i] > 0) != (_lastWeights[i] > 0));
        }

        JsonWriter w = _agent.BeginEvent(failover ? "failover" : "plan");
        w.Member("version", plan.Version);
        WriteWeights(w, plan, links);
        w.Member("reason", plan.Reason);
        if (error != null)
        {
            w.Member("apply_error", error);
        }

        _agent.CommitEvent();
        _lastWeights = plan.Weights;
        CheckCaps();
        _agent.PublishState();
    }

    private void OnApplyRetried(SteeringPlan plan, string? error)
    {
        JsonWriter w = _agent.BeginEvent("plan_retry");
        w.Member("version", plan.Version);
        w.Member("attempt", _scheduler.ApplyRetries + 1);
        if (error != null)
        {
            w.Member("apply_error", error);
        }
        else
        {
            w.Member("applied", true);
        }

        _agent.CommitEvent();
    }

    private void OnVrrp(VrrpEvent e)
    {
        JsonWriter w = _agent.BeginEvent("vrrp_role");
        w.Member("from", RoleName(e.From));
        w.Member("to", RoleName(e.To));
        w.Member("priority", e.Priority);
        w.Member("cause", e.Cause);
        _agent.CommitEvent();
    }

    private void OnModem(ModemSupervisor supervisor, ModemEvent e)
    {
        int index = IndexOf(supervisor);
        string? iccid = supervisor.Status.Iccid;
        if (iccid != null && iccid.Length > 0 && iccid != _iccids[index])
        {
            if (_iccids[index].Length > 0)
            {
                JsonWriter s = _agent.BeginEvent("sim_change");
                s.Member("modem", supervisor.Name);
                s.Member("old_iccid", _iccids[index]);
                s.Member("iccid", iccid);
                _agent.CommitEvent();
            }

            _iccids[index] = iccid;
        }

        if (e.Kind == ModemEventKind.StateChanged)
        {
            return;
        }

        JsonWriter w = _agent.BeginEvent(e.Kind == ModemEventKind.Recovery ? "modem_recovery" : e.Kind == ModemEventKind.Held ? "modem_held" : "modem_fault");
        w.Member("modem", supervisor.Name);
        w.Member("state", ModemSupervisor.StateName(e.State));
        w.Member("step", ModemSupervisor.StepName(e.Step));
        w.Member("cause", e.Cause);
        _agent.CommitEvent();
    }

    private void CheckCaps()
    {
        LinkDefinition[] links = _links;
        for (int i = 0; i < links.Length; i++)
        {
            DataCapMeter meter = _scheduler.Meters[i];
            int level = meter.IsExhausted ? 2 : meter.UsedPermille >= DataCapMeter.SoftLimitPermille ? 1 : 0;
            if (level > _capLevel[i])
            {
                JsonWriter w = _agent.BeginEvent("data_cap");
                w.Member("link", links[i].Name);
                w.Member("used_bytes", meter.UsedBytes);
                w.Member("cap_bytes", meter.CapBytes);
                w.Member("threshold_permille", level == 2 ? 1000 : DataCapMeter.SoftLimitPermille);
                _agent.CommitEvent();
            }

            _capLevel[i] = level;
        }
    }

    private void WriteState(JsonWriter w)
    {
        LinkDefinition[] links = _links;
        SteeringPlan plan = _scheduler.Plan;
        w.Name("links");
        w.BeginArray();
        for (int i = 0; i < links.Length; i++)
        {
            LinkWatch link = _monitor.Links[i];
            w.BeginObject();
            w.Member("name", link.Name);
            w.Member("type", LinkTypes.Name(links[i].Type));
            w.Member("role", LinkTypes.RoleName(links[i].Role));
            w.Member("modem", links[i].Modem);
            w.Member("state", LinkStates.Name(link.State));
            w.Member("usable", link.IsUsable);
            w.Member("weight", plan.Weights[i]);
            w.Member("loss_permille", link.Statistics.LossPermille);
            w.Member("latency_us", link.Statistics.LatencyMicros);
            w.Member("jitter_us", link.Statistics.JitterMicros);
            w.Member("used_bytes", _scheduler.Meters[i].UsedBytes);
            w.Member("cap_bytes", _scheduler.Meters[i].CapBytes);
            w.EndObject();
        }

        w.EndArray();
        w.Name("plan");
        w.BeginObject();
        w.Member("version", plan.Version);
        w.Member("reason", plan.Reason);
        w.EndObject();
        if (_vrrp != null)
        {
            w.Name("vrrp");
            w.BeginObject();
            w.Member("role", RoleName(_vrrp.State));
            w.Member("priority", _vrrp.Priority);
            w.EndObject();
        }

        w.Name("modems");
        w.BeginArray();
        for (int i = 0; i < _modems.Length; i++)
        {
            ModemStatus s = _modems[i].Status;
            w.BeginObject();
            w.Member("name", _modems[i].Name);
            w.Member("state", ModemSupervisor.StateName(_modems[i].State));
            w.Member("operator", s.OperatorName);
            w.Member("iccid", s.Iccid);
            w.Member("level", ModemSupervisor.StepName(_modems[i].RecoveryLevel));
            w.Member("rssi_dbm", s.RssiDbm == ModemStatus.NotAvailable ? 0 : s.RssiDbm);
            w.Member("rsrp_dbm", s.RsrpDbm == ModemStatus.NotAvailable ? 0 : s.RsrpDbm);
            w.Member("sinr_tenths_db", s.SinrTenthsDb == ModemStatus.NotAvailable ? 0 : s.SinrTenthsDb);
            w.EndObject();
        }

        w.EndArray();
    }

    private static void WriteWeights(JsonWriter w, SteeringPlan plan, LinkDefinition[] links)
    {
        w.Name("weights");
        w.BeginObject();
        for (int i = 0; i < links.Length; i++)
        {
            w.Member(links[i].Name, plan.Weights[i]);
        }

        w.EndObject();
    }

    private int IndexOf(ModemSupervisor supervisor)
    {
        for (int i = 0; i < _modems.Length; i++)
        {
            if (_modems[i] == supervisor)
            {
                return i;
            }
        }

        return 0;
    }

    private static string RoleName(VrrpState state)
    {
        switch (state)
        {
            case VrrpState.Master: return "master";
            case VrrpState.Backup: return "backup";
            default: return "initialize";
        }
    }
}
