using System.Text.Json;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Firmware.Telemetry;

namespace NfBond.Cli.Hosting;

/// <summary>
/// A whole controller on full .NET: the firmware's link monitor, scheduler and (with a broker)
/// telemetry agent on one event loop, over real or simulated platform parts. Link events and plan
/// changes are also written as JSON lines; signed commands (resync, run_drill, reboot, set_config) are
/// executed here.
/// </summary>
public sealed class ControllerHost
{
    private readonly SiteDefinition _site;
    private readonly TextWriter _output;
    private readonly object _writeLock = new();
    private readonly ControllerParts _parts;
    private readonly string? _configPath;
    private readonly TelemetryOptions? _telemetry;

    /// <summary>Wires a controller; nothing runs until <see cref="Start"/> or <see cref="Run"/>.</summary>
    /// <param name="site">The validated site.</param>
    /// <param name="loop">The event loop.</param>
    /// <param name="parts">Platform parts made for this loop.</param>
    /// <param name="telemetry">Telemetry identity and broker, or null for none.</param>
    /// <param name="configPath">Where set_config stores a new site file, or null.</param>
    /// <param name="output">Where JSON event lines go.</param>
    public ControllerHost(SiteDefinition site, EventLoop loop, ControllerParts parts, TelemetryOptions? telemetry, string? configPath, TextWriter output)
    {
        _site = site;
        _output = output;
        _parts = parts;
        _configPath = configPath;
        _telemetry = telemetry;
        Loop = loop;
        Monitor = new LinkMonitor(loop, site.Links, site.Dampening, parts.Transports);
        Scheduler = new Scheduler(loop, Monitor, parts.Executor) { Counters = parts.Counters };
        Monitor.EventRaised += OnLinkEvent;
        Scheduler.PlanChanged += OnPlan;
        for (int i = 0; i < parts.Modems.Length; i++)
        {
            ModemLinkBinding.Bind(parts.Modems[i], Monitor, Monitor.Find(parts.ModemLinks[i])!);
            int link = Array.FindIndex(site.Links, l => l.Name == parts.ModemLinks[i]);
            Scheduler.SetModem(link, parts.Modems[i].Status);
        }

        if (telemetry != null && parts.Mqtt != null)
        {
            Agent = new TelemetryAgent(loop, parts.Mqtt, parts.WallClock, parts.Hmac, telemetry) { Commands = OnCommand };
            Bridge = new TelemetryBridge(Agent, Monitor, Scheduler, null, parts.Modems);
        }
    }

    /// <summary>Gets the event loop.</summary>
    public EventLoop Loop { get; }

    /// <summary>Gets the link monitor.</summary>
    public LinkMonitor Monitor { get; }

    /// <summary>Gets the scheduler.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Gets the telemetry agent, or null without a broker.</summary>
    public TelemetryAgent? Agent { get; }

    /// <summary>Gets the telemetry bridge, or null without a broker.</summary>
    public TelemetryBridge? Bridge { get; }

    /// <summary>Starts every part (before the loop runs, or on its thread).</summary>
    public void Start()
    {
        Write("start", w =>
        {
            w.WriteString("site", _site.Name);
            w.WriteNumber("links", _site.Links.Length);
        });
        foreach (ModemSupervisor modem in _parts.Modems)
        {
            modem.Start();
        }

        Monitor.Start();
        Scheduler.UpdateBillingCycles(_parts.WallClock.UtcNowMs);
        Scheduler.Start();
        if (Scheduler.LastApplyError != null)
        {
            Write("error", w => w.WriteString("error", "setting up the links' routing tables: " + Scheduler.LastApplyError));
        }

        new LoopTimer(Loop, _ => Scheduler.UpdateBillingCycles(_parts.WallClock.UtcNowMs)).StartPeriodic(60_000);
        Agent?.Start();
    }

    /// <summary>Stops every part and releases what the parts own.</summary>
    public void Stop()
    {
        Agent?.Stop();
        Monitor.Stop();
        Scheduler.Stop();
        foreach (ModemSupervisor modem in _parts.Modems)
        {
            modem.Stop();
        }

        foreach (IDisposable owned in _parts.Owned)
        {
            owned.Dispose();
        }

        Write("stop", _ => { });
    }

    /// <summary>Starts, runs the loop for a time (0 = until the loop is stopped), then stops.</summary>
    /// <param name="durationMs">How long.</param>
    public void Run(long durationMs)
    {
        Start();
        if (durationMs > 0)
        {
            new LoopTimer(Loop, _ => Loop.Stop()).Start(durationMs);
        }

        Loop.Run();
        Stop();
    }

    private string? OnCommand(TelemetryCommand command)
    {
        Write("command", w =>
        {
            w.WriteString("id", command.Id);
            w.WriteString("cmd", command.Name);
        });
        switch (command.Name)
        {
            case "resync":
                Agent!.PublishState();
                return null;
            case "run_drill":
                return Drill(command);
            case "reboot":
                Monitor.Stop();
                Monitor.Start();
                return null;
            case "set_config":
                return SetConfig(command);
            default:
                return "unknown command \"" + command.Name + "\"; known: resync, run_drill, reboot, set_config";
        }
    }

    private string? Drill(TelemetryCommand command)
    {
        string name = command.Args?.Get("link") as string ?? _site.Links[0].Name;
        LinkWatch? link = Monitor.Find(name);
        if (link == null)
        {
            return "no link \"" + name + "\"";
        }

        long seconds = command.Args?.Get("seconds") is long s ? s : 10;
        long started = Loop.NowMs;
        Monitor.Drill(link, seconds * 1000);
        int index = Array.IndexOf(Monitor.Links, link);
        SteeringPlan plan = Scheduler.Plan;
        bool moved = plan.Weights[index] == 0 && plan.Weights.Any(w => w > 0);
        Bridge!.ReportDrill(name, moved, moved ? Loop.NowMs - started : -1,
            moved ? "traffic moved to " + plan.Describe(_site.Links) : "no other link could carry the traffic");
        return null;
    }

    private string? SetConfig(TelemetryCommand command)
    {
        if (command.Args?.Get("site") is not string text)
        {
            return "set_config needs args.site: the site file as a JSON string";
        }

        SiteReadResult read = SiteDefinitionReader.Read(text);
        if (read.Site == null)
        {
            return "invalid site file: " + string.Join("; ", read.Problems.ToArray());
        }

        if (_configPath == null)
        {
            return "this controller runs without a --config file to store the new site in";
        }

        File.WriteAllText(_configPath, text);

        // Births from now on report the stored file, so the fleet does not send it again.
        _telemetry!.ConfigHash = NfBond.Firmware.Config.SiteFileHash.Of(text);
        return null;
    }

    private void OnLinkEvent(LinkEvent e)
    {
        Write("link", w =>
        {
            w.WriteString("link", e.Link);
            w.WriteString("event", e.Kind switch
            {
                LinkEventKind.StateChanged => "state",
                LinkEventKind.Suppressed => "suppressed",
                LinkEventKind.Reused => "reused",
                LinkEventKind.UpstreamSuspected => "upstream_suspected",
                LinkEventKind.UpstreamCleared => "upstream_cleared",
                _ => "probe_rate",
            });
            w.WriteString("state", LinkStates.Name(e.State));
            w.WriteString("cause", e.Cause);
        });
    }

    private void OnPlan(SteeringPlan plan, string? applyError)
    {
        Write("plan", w =>
        {
            w.WriteNumber("version", plan.Version);
            w.WriteStartObject("weights");
            for (int i = 0; i < _site.Links.Length; i++)
            {
                w.WriteNumber(_site.Links[i].Name, plan.Weights[i]);
            }

            w.WriteEndObject();
            w.WriteString("reason", plan.Reason);
            if (applyError != null)
            {
                w.WriteString("apply_error", applyError);
            }
        });
    }

    private void Write(string type, Action<Utf8JsonWriter> body)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter w = new(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("t_ms", Loop.NowMs);
            w.WriteString("type", type);
            body(w);
            w.WriteEndObject();
        }

        lock (_writeLock)
        {
            _output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            _output.Flush();
        }
    }
}
