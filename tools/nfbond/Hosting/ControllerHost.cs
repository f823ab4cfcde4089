using System.Text.Json;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Firmware.Telemetry;
using FirmwareController = NfBond.Firmware.Controller.Controller;
using IControllerPlatform = NfBond.Firmware.Controller.IControllerPlatform;

namespace NfBond.Cli.Hosting;

/// <summary>
/// Runs the firmware's one controller composition on full .NET (Linux or simulation): makes the
/// platform, starts the controller, writes its link, plan and VRRP events as JSON lines, and on a
/// restart request (the <c>reboot</c> command) does what a device reboot does: stops everything, makes a
/// new platform and starts a new controller from the stored site file.
/// </summary>
public sealed class ControllerHost
{
    private readonly BoardDefinition _board;
    private readonly Func<Action<string>, IControllerPlatform> _makePlatform;
    private readonly TelemetryOptions? _telemetry;
    private readonly EventLog _log;
    private readonly TextWriter _output;
    private readonly object _writeLock = new();
    private SiteDefinition _site;
    private IControllerPlatform _platform;

    /// <summary>Wires a controller; nothing runs until <see cref="Start"/> or <see cref="Run"/>.</summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="board">The board.</param>
    /// <param name="site">The site to start with (a site file stored by set_config takes its place on restart).</param>
    /// <param name="makePlatform">Makes the platform parts, given what to call for a restart.</param>
    /// <param name="telemetry">Telemetry identity and broker, or null for none.</param>
    /// <param name="log">The diagnostic log.</param>
    /// <param name="output">Where JSON event lines go.</param>
    public ControllerHost(EventLoop loop, BoardDefinition board, SiteDefinition site, Func<Action<string>, IControllerPlatform> makePlatform,
        TelemetryOptions? telemetry, EventLog log, TextWriter output)
    {
        Loop = loop;
        _board = board;
        _site = site;
        _makePlatform = makePlatform;
        _telemetry = telemetry;
        _log = log;
        _output = output;
        _platform = makePlatform(Restart);
        Controller = Compose();
    }

    /// <summary>Gets the event loop.</summary>
    public EventLoop Loop { get; }

    /// <summary>Gets the controller now running.</summary>
    public FirmwareController Controller { get; private set; }

    /// <summary>Gets the platform the controller now runs on.</summary>
    public IControllerPlatform Platform => _platform;

    /// <summary>Gets the telemetry agent, or null without a broker.</summary>
    public TelemetryAgent? Agent => Controller.Agent;

    /// <summary>Gets or sets a name written into every JSON line (for a pair of controllers in one output), or null.</summary>
    public string? Name { get; init; }

    /// <summary>Gets how many times the controller was restarted.</summary>
    public int Restarts { get; private set; }

    /// <summary>Starts the controller (before the loop runs, or on its thread).</summary>
    public void Start()
    {
        Write("start", w =>
        {
            w.WriteString("site", _site.Name);
            w.WriteNumber("links", _site.Links.Length);
        });
        Controller.Start();
    }

    /// <summary>Stops the controller and releases the platform.</summary>
    public void Stop()
    {
        Controller.Stop();
        (_platform as IDisposable)?.Dispose();
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

    private FirmwareController Compose()
    {
        FirmwareController controller = new(Loop, _board, _site, _platform, _telemetry, _log);
        controller.Monitor.EventRaised += OnLinkEvent;
        controller.Scheduler.PlanChanged += OnPlan;
        if (controller.Vrrp != null)
        {
            controller.Vrrp.EventRaised += OnVrrp;
        }

        return controller;
    }

    /// <summary>Cuts the power: the controller stops and its board vanishes from the LAN and the broker (a dying master).</summary>
    public void PowerOff()
    {
        Write("power_off", _ => { });
        Stop();
    }

    /// <summary>Powers the board up again after <see cref="PowerOff"/>: a new platform and controller from the stored site file.</summary>
    public void PowerOn()
    {
        string? stored = _platform.Storage.Read(FirmwareController.SiteFileName);
        SiteDefinition? site = stored == null ? null : SiteDefinitionReader.Read(stored).Site;
        if (site != null && _telemetry != null)
        {
            _telemetry.ConfigHash = SiteFileHash.Of(stored!);
        }

        _site = site ?? _site;
        _platform = _makePlatform(Restart);
        Controller = Compose();
        Start();
    }

    private void Restart(string cause)
    {
        Write("restart", w => w.WriteString("cause", cause));
        Stop();
        Restarts++;
        PowerOn();
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

    private void OnVrrp(VrrpEvent e)
    {
        Write("vrrp", w =>
        {
            w.WriteString("from", e.From.ToString().ToLowerInvariant());
            w.WriteString("state", e.To.ToString().ToLowerInvariant());
            w.WriteNumber("priority", e.Priority);
            w.WriteString("cause", e.Cause);
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
            if (Name != null)
            {
                w.WriteString("controller", Name);
            }

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
