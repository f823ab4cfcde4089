using System;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Steering;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;

namespace NfBond.Firmware.Controller;

/// <summary>
/// The one composition of a controller, the same on the device, on a Linux router and in simulation:
/// from a board file and a site file it wires, on one event loop, the status LED, a modem supervisor per
/// modem link, the link monitor, the scheduler and its executor, the VRRP instance with WAN-health
/// tracking when the site has a second controller, telemetry, and the signed-command handlers. A
/// platform differs only in the <see cref="IControllerPlatform"/> parts it hands in.
/// </summary>
public sealed class Controller
{
    /// <summary>Half the status LED's blink period: 1 Hz while the loop runs.</summary>
    public const long HeartbeatHalfPeriodMs = 500;

    /// <summary>The name under which <c>set_config</c> stores the site file for the next start.</summary>
    public const string SiteFileName = "site.json";

    private const long BillingCheckMs = 60000;

    private readonly EventLoop _loop;
    private readonly BoardDefinition _board;
    private readonly SiteDefinition _site;
    private readonly IControllerPlatform _platform;
    private readonly EventLog _log;
    private readonly LoopTimer _heartbeat;
    private readonly LoopTimer _billing;
    private readonly ModemSupervisor[] _modems;
    private readonly WanHealthTracker? _wanHealth;
    private IGpioLine? _statusLed;
    private bool _ledLit;
    private long _startedAtMs;

    /// <summary>Wires a controller; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="loop">The event loop everything runs on.</param>
    /// <param name="board">The validated board definition.</param>
    /// <param name="site">The validated site definition.</param>
    /// <param name="platform">The platform's parts.</param>
    /// <param name="telemetry">Identity and broker for telemetry, or null to run without.</param>
    /// <param name="log">The diagnostic event log.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">A link names a modem the board does not have.</exception>
    public Controller(EventLoop loop, BoardDefinition board, SiteDefinition site, IControllerPlatform platform, TelemetryOptions? telemetry, EventLog log)
    {
        if (loop == null || board == null || site == null || platform == null || log == null)
        {
            throw new ArgumentNullException(loop == null ? nameof(loop) : board == null ? nameof(board) : site == null ? nameof(site) : platform == null ? nameof(platform) : nameof(log));
        }

        _loop = loop;
        _board = board;
        _site = site;
        _platform = platform;
        _log = log;
        _heartbeat = new LoopTimer(loop, OnHeartbeat);
        _billing = new LoopTimer(loop, OnBillingCheck);

        int modemLinks = 0;
        for (int i = 0; i < site.Links.Length; i++)
        {
            modemLinks += site.Links[i].Modem.Length > 0 ? 1 : 0;
        }

        _modems = new ModemSupervisor[modemLinks];
        int[] modemLinkIndex = new int[modemLinks];
        IProbeTransport[] platformProbes = platform.ProbeTransports;
        IProbeTransport[] transports = new IProbeTransport[modemLinks + platformProbes.Length];
        int m = 0;
        for (int i = 0; i < site.Links.Length; i++)
        {
            LinkDefinition link = site.Links[i];
            if (link.Modem.Length == 0)
            {
                continue;
            }

            ModemPortDefinition port = FindModemPort(link);
            ModemDialect dialect = ModemDialects.ForModel(port.Model);
            ISerialLine serial = platform.OpenSerial(port);
            ModemPins pins = new ModemPins();
            pins.PowerKey = new ActiveLevelLine(platform.Gpio, port.PowerKeyPin, port.PowerKeyActiveHigh);
            if (port.ResetPin >= 0)
            {
                pins.Reset = new ActiveLevelLine(platform.Gpio, port.ResetPin, port.ResetActiveHigh);
            }

            ModemSupervisorOptions options = new ModemSupervisorOptions();
            options.BaudRate = port.Uart.Baud;
            options.Sim = link.Sim;
            ModemSupervisor supervisor = new ModemSupervisor(loop, serial, dialect, pins, options, link.Modem);
            supervisor.Log = log;
            transports[m] = new ModemPingTransport(loop, supervisor, dialect, link.Interface);
            modemLinkIndex[m] = i;
            _modems[m++] = supervisor;
        }

        for (int i = 0; i < platformProbes.Length; i++)
        {
            transports[modemLinks + i] = platformProbes[i];
        }

        Monitor = new LinkMonitor(loop, site.Links, site.Dampening, transports);
        Scheduler = new Scheduler(loop, Monitor, platform.Executor);
        Scheduler.Counters = platform.Counters;
        for (int i = 0; i < _modems.Length; i++)
        {
            ModemLinkBinding.Bind(_modems[i], Monitor, Monitor.Links[modemLinkIndex[i]]);
            Scheduler.SetModem(modemLinkIndex[i], _modems[i].Status);
        }

        RedundancyDefinition? pair = site.Redundancy;
        if (pair != null)
        {
            VrrpOptions vrrp = new VrrpOptions();
            vrrp.Vrid = pair.Vrid;
            vrrp.Priority = pair.Priority;
            vrrp.AdvertIntervalCs = pair.AdvertMs / 10;
            vrrp.Preempt = pair.Preempt;
            vrrp.VirtualAddresses = pair.VirtualAddresses;
            vrrp.UnicastPeers = pair.Peer != 0 ? new uint[] { pair.Peer } : new uint[0];
            Vrrp = new VrrpInstance(loop, platform.OpenVrrp(pair), platform.VirtualAddresses(pair), vrrp);
            _wanHealth = new WanHealthTracker(loop, Vrrp, Monitor, pair.WeightPerLink, pair.AdvertMs);
        }

        IMqttClient? mqtt = platform.Mqtt;
        if (telemetry != null && mqtt != null)
        {
            Agent = new TelemetryAgent(loop, mqtt, platform.WallClock, platform.Hmac, telemetry, platform.Storage);
            Agent.Log = log;
            Bridge = new TelemetryBridge(Agent, Monitor, Scheduler, Vrrp, _modems);
            Agent.Commands = new ControllerCommands(this, platform, telemetry).Handle;
        }
    }

    /// <summary>Gets the event loop.</summary>
    public EventLoop Loop => _loop;

    /// <summary>Gets the site this controller runs.</summary>
    public SiteDefinition Site => _site;

    /// <summary>Gets the modem supervisors, one per modem link in site order.</summary>
    public ModemSupervisor[] Modems => _modems;

    /// <summary>Gets the link monitor.</summary>
    public LinkMonitor Monitor { get; }

    /// <summary>Gets the scheduler.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Gets the VRRP instance, or null on a single-controller site.</summary>
    public VrrpInstance? Vrrp { get; }

    /// <summary>Gets the telemetry agent, or null without telemetry.</summary>
    public TelemetryAgent? Agent { get; }

    /// <summary>Gets the telemetry bridge, or null without telemetry.</summary>
    public TelemetryBridge? Bridge { get; }

    /// <summary>Gets how many times the status LED has toggled.</summary>
    public long HeartbeatCount { get; private set; }

    /// <summary>Gets whether the controller is running.</summary>
    public bool IsRunning => _heartbeat.IsArmed;

    /// <summary>Starts every part: LED, modems, probing, steering, VRRP, telemetry (on the loop thread or before it runs).</summary>
    public void Start()
    {
        _statusLed = _platform.Gpio.OpenOutput(_board.StatusLedPin, !_board.StatusLedActiveHigh);
        _ledLit = false;
        _startedAtMs = _loop.NowMs;
        _log.Add("board", "started " + _board.Id + " (" + _board.Name + "), mcu " + _board.Mcu + ", " + _board.Modems.Length.ToString() + " modem port(s)");
        for (int i = 0; i < _board.Modems.Length; i++)
        {
            ModemPortDefinition modem = _board.Modems[i];
            _log.Add("board", modem.Name + ": " + modem.Model + " on " + modem.Uart.Port + " at " + modem.Uart.Baud.ToString()
                + " baud, power key GPIO " + modem.PowerKeyPin.ToString()
                + (modem.ResetPin >= 0 ? ", reset GPIO " + modem.ResetPin.ToString() : ", no reset line"));
        }

        _heartbeat.StartPeriodic(HeartbeatHalfPeriodMs);
        for (int i = 0; i < _modems.Length; i++)
        {
            _modems[i].Start();
        }

        Monitor.Start();
        if (_platform.LinkHints != null)
        {
            _platform.LinkHints.Suspected = OnLinkSuspected;
        }

        Scheduler.UpdateBillingCycles(_platform.WallClock.UtcNowMs);
        Scheduler.Start();
        if (Scheduler.LastApplyError != null)
        {
            _log.Add("steering", "setting up the links' routing: " + Scheduler.LastApplyError);
        }

        _billing.StartPeriodic(BillingCheckMs);
        if (Vrrp != null)
        {
            Vrrp.Start();
            _wanHealth!.Start();
        }

        if (Agent != null)
        {
            Agent.Start();
        }
    }

    // The witness calls on its own thread; the monitor belongs to the loop.
    private void OnLinkSuspected(string link, string cause)
    {
        _loop.Post(SuspectOnLoop, new string[] { link, cause });
    }

    private void SuspectOnLoop(object? state)
    {
        string[] hint = (string[])state!;
        LinkWatch? watch = Monitor.Find(hint[0]);
        if (watch == null)
        {
            _log.Add("links", "a hint names link \"" + hint[0] + "\", which the site does not have");
            return;
        }

        _log.Add("links", watch.Name + ": " + hint[1] + "; probing it now");
        Monitor.Suspect(watch, hint[1]);
    }

    /// <summary>Stops every part and turns the status LED off; VRRP resigns (priority 0) so the peer takes over at once.</summary>
    public void Stop()
    {
        if (Agent != null)
        {
            Agent.Stop();
        }

        if (Vrrp != null)
        {
            _wanHealth!.Stop();
            Vrrp.Stop();
        }

        _billing.Stop();
        if (_platform.LinkHints != null)
        {
            _platform.LinkHints.Suspected = null;
        }

        Monitor.Stop();
        Scheduler.Stop();
        for (int i = 0; i < _modems.Length; i++)
        {
            _modems[i].Stop();
        }

        _heartbeat.Stop();
        SetLed(false);
        _log.Add("board", "stopped after " + ((_loop.NowMs - _startedAtMs) / 1000).ToString() + " s of loop time");
    }

    private ModemPortDefinition FindModemPort(LinkDefinition link)
    {
        for (int j = 0; j < _board.Modems.Length; j++)
        {
            if (_board.Modems[j].Name == link.Modem)
            {
                return _board.Modems[j];
            }
        }

        throw new ArgumentException("link \"" + link.Name + "\" uses modem \"" + link.Modem + "\", which board " + _board.Id + " does not have");
    }

    private void OnBillingCheck(LoopTimer timer)
    {
        Scheduler.UpdateBillingCycles(_platform.WallClock.UtcNowMs);
    }

    private void OnHeartbeat(LoopTimer timer)
    {
        HeartbeatCount++;
        SetLed(!_ledLit);
    }

    private void SetLed(bool lit)
    {
        _ledLit = lit;
        if (_statusLed != null)
        {
            _statusLed.Write(lit == _board.StatusLedActiveHigh);
        }
    }
}
