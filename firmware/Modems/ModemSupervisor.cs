using System;
using NfBond.Firmware.At;
using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Firmware.Modems;

/// <summary>
/// Brings one cellular modem to "data ready" and keeps it there: power-on, boot, configuration, SIM,
/// registration, data session, steady-state polling, and the recovery ladder when any of it fails.
/// </summary>
/// <remarks>
/// <para>An explicit state machine on the event loop. <see cref="State"/> says where the modem is and
/// <see cref="Waiting"/> what the one wait timer is for; every state change goes through
/// <see cref="Transition"/>, which records its cause as a <see cref="ModemEvent"/>. Failures enter the
/// <see cref="RecoveryLadder"/> at their own rung (a lost data session at PDP reactivation, a silent modem
/// at the power key) and climb only when the rung below did not help.</para>
/// <para>The conversations come from <see cref="ModemScripts"/>, fed by the dialect. The supervisor is
/// split by concern over five more files: power sequencing (<c>ModemSupervisor.Power.cs</c>), SIM and
/// registration (<c>.Registration.cs</c>), data session (<c>.Session.cs</c>), steady polling
/// (<c>.Polling.cs</c>) and recovery (<c>.Recovery.cs</c>).</para>
/// <para>Steady-state polling allocates only when a decoded value changes: the probe, registration, poll
/// and ping scripts are built once, the others when run and left to the collector afterwards (about
/// 10 KB less per modem on a nanoFramework heap).</para>
/// </remarks>
public sealed partial class ModemSupervisor
{
    private readonly EventLoop _loop;
    private readonly ISerialLine _serial;
    private readonly ModemDialect _dialect;
    private readonly ModemPins _pins;
    private readonly ModemSupervisorOptions _options;
    private readonly ModemStatus _status = new ModemStatus();
    private readonly RecoveryLadder _ladder;
    private readonly AtEngine _engine;
    private readonly ModemScripts _scripts;
    private readonly string _name;
    private readonly string _logSource;
    private readonly LoopTimer _wait;
    private readonly LoopTimer _poll;
    private readonly LoopTimer _ping;
    private readonly LoopTimer _stable;
    private readonly RebootLoopDetector _reboots;
    private readonly ReceiveStallDetector _receiveStall = new ReceiveStallDetector();

    private readonly AtScript _probe;
    private readonly AtScript _registration;
    private readonly AtScript _steady;
    private readonly AtScript? _pingScript;

    /// <summary>Creates a supervisor; <see cref="Start"/> begins supervision.</summary>
    /// <param name="loop">The loop everything runs on.</param>
    /// <param name="serial">The modem's UART (opened by <see cref="Start"/> if closed).</param>
    /// <param name="dialect">The modem family's command differences.</param>
    /// <param name="pins">The control lines the board wires.</param>
    /// <param name="options">Settings.</param>
    /// <param name="name">Names the modem in events (the UART, e.g. COM2).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ModemSupervisor(EventLoop loop, ISerialLine serial, ModemDialect dialect, ModemPins pins, ModemSupervisorOptions options, string name)
    {
        if (loop == null || serial == null || dialect == null || pins == null || options == null || name == null)
        {
            throw new ArgumentNullException(loop == null ? nameof(loop) : serial == null ? nameof(serial) : dialect == null ? nameof(dialect) : pins == null ? nameof(pins) : options == null ? nameof(options) : nameof(name));
        }

        _loop = loop;
        _serial = serial;
        _dialect = dialect;
        _pins = pins;
        _options = options;
        _name = name;
        _logSource = "modem " + name;
        _ladder = new RecoveryLadder(options.MaxResetsPerHour, pins.PowerKey != null, pins.PowerSwitch != null || pins.Reset != null, options.BackoffInitialMs, options.BackoffMaxMs);
        _engine = new AtEngine(loop, serial, null);
        _scripts = new ModemScripts(dialect, options, OnResponseLine);
        _wait = new LoopTimer(loop, OnWait);
        _poll = new LoopTimer(loop, OnPollTimer);
        _ping = new LoopTimer(loop, OnPingTimer);
        _stable = new LoopTimer(loop, OnStable);
        _reboots = new RebootLoopDetector(options.RebootLoopCount, options.RebootLoopWindowMs);
        _lostSince = -1;

        _probe = _scripts.Probe(OnProbeDone);
        _registration = _scripts.Registration(OnRegistrationDone);
        _steady = _scripts.Steady(_registration, OnSteadyDone);
        _pingScript = _scripts.Ping(OnPingLine, OnPingDone);

        AddUrcs();
    }

    /// <summary>Raised for each event (loop thread); every subscriber is told.</summary>
    public event ModemEventHandler? EventRaised;

    /// <summary>Gets or sets the log events are also written to, or null.</summary>
    public EventLog? Log { get; set; }

    /// <summary>Gets the modem's name in events.</summary>
    public string Name => _name;

    /// <summary>Gets the current state.</summary>
    public ModemState State { get; private set; }

    /// <summary>Gets what the wait timer is waiting for, or <see cref="ModemWait.None"/>.</summary>
    public ModemWait Waiting { get; private set; }

    /// <summary>Gets the recovery rung being taken or last taken.</summary>
    public RecoveryStep RecoveryLevel => _ladder.Level;

    /// <summary>Gets the decoded modem status.</summary>
    public ModemStatus Status => _status;

    /// <summary>Gets the recovery ladder (counters, reset cap).</summary>
    public RecoveryLadder Ladder => _ladder;

    /// <summary>Gets the AT engine (counters).</summary>
    public AtEngine Engine => _engine;

    /// <summary>Gets how many steady-state poll cycles completed.</summary>
    public long PollCycles { get; private set; }

    /// <summary>Gets whether traffic can flow through this modem now.</summary>
    public bool IsDataReady => State == ModemState.DataReady;

    /// <summary>Starts supervision: probe, power on if needed, and go on to data ready.</summary>
    public void Start()
    {
        if (!_serial.IsOpen)
        {
            _serial.Open();
        }

        _serial.BaudRate = _options.BaudRate;
        EnterProbing("supervision started", ProbeReason.AtStart);
    }

    /// <summary>Stops supervision; the modem is left as it is.</summary>
    public void Stop()
    {
        StopTimers();
        _engine.CancelAll("supervision stopped");
        Transition(ModemState.Off, ModemEventKind.StateChanged, "supervision stopped");
    }

    /// <summary>Gets the lower-case name of a state, for messages (enum names are numbers on nanoFramework).</summary>
    /// <param name="state">The state.</param>
    /// <returns>Its name.</returns>
    public static string StateName(ModemState state)
    {
        switch (state)
        {
            case ModemState.Off: return "off";
            case ModemState.Probing: return "probing";
            case ModemState.PoweringOn: return "powering on";
            case ModemState.Booting: return "booting";
            case ModemState.Configuring: return "configuring";
            case ModemState.SimCheck: return "SIM check";
            case ModemState.SimFault: return "SIM fault";
            case ModemState.Registering: return "registering";
            case ModemState.Attaching: return "attaching";
            case ModemState.DataReady: return "data ready";
            case ModemState.Recovering: return "recovering";
            case ModemState.Held: return "held";
            default: return "state " + (int)state;
        }
    }

    /// <summary>Gets the name of a recovery rung, for messages.</summary>
    /// <param name="step">The rung.</param>
    /// <returns>Its name.</returns>
    public static string StepName(RecoveryStep step)
    {
        switch (step)
        {
            case RecoveryStep.None: return "none";
            case RecoveryStep.AtRetry: return "AT retry";
            case RecoveryStep.PdpReactivate: return "PDP reactivation";
            case RecoveryStep.OperatorReselect: return "operator reselection";
            case RecoveryStep.RadioCycle: return "radio off/on";
            case RecoveryStep.SoftReset: return "soft reset";
            case RecoveryStep.GracefulPowerOff: return "graceful power-off";
            case RecoveryStep.PowerKeyCycle: return "power-key cycle";
            case RecoveryStep.HardPowerCycle: return "hard power cycle";
            default: return "step " + (int)step;
        }
    }

    private void AddUrcs()
    {
        _engine.AddUrcHandler("+CREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+CGREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+CEREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+C5GREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+CGEV:", OnPdpUrc);
        _engine.AddUrcHandler("+CPIN:", OnSimUrc);
        if (_dialect.SessionUrc != null)
        {
            _engine.AddUrcHandler(_dialect.SessionUrc, OnPdpUrc);
        }

        if (_dialect.SimUrc != null)
        {
            _engine.AddUrcHandler(_dialect.SimUrc, OnSimUrc);
        }

        _engine.AddUrcHandler(_dialect.PingPrefix, OnStrayLine);
        for (int i = 0; i < _dialect.BootUrcs.Length; i++)
        {
            _engine.AddUrcHandler(_dialect.BootUrcs[i], OnBootUrc);
        }

        if (_dialect.PowerOffUrc != null)
        {
            _engine.AddUrcHandler(_dialect.PowerOffUrc, OnPowerDownUrc);
        }
    }

    private void OnResponseLine(AtLine line)
    {
        AtScript? current = _engine.Current;
        ModemDecoder.Decode(current == null ? null : current.Steps[current.CurrentStep].Request, line, _status);
    }

    private void OnStrayLine(AtLine line) => ModemDecoder.Decode(null, line, _status);

    // ---- the state machine ----

    // The one way State changes; the cause goes into the event and the log.
    private void Transition(ModemState state, ModemEventKind kind, string cause)
    {
        if (State == ModemState.DataReady && state != ModemState.DataReady)
        {
            _poll.Stop();
            _ping.Stop();
            _stable.Stop();
        }

        State = state;
        Event(kind, cause);
    }

    private void Event(ModemEventKind kind, string cause)
    {
        ModemEvent e = new ModemEvent(_loop.NowMs, kind, State, _ladder.Level, cause);
        if (Log != null)
        {
            Log.Add(_logSource, StateName(State) + ": " + cause);
        }

        ModemEventHandler? handler = EventRaised;
        if (handler != null)
        {
            handler(this, e);
        }
    }

    private void Wait(ModemWait what, int delayMs)
    {
        Waiting = what;
        _wait.Start(delayMs);
    }

    private void WaitUntil(ModemWait what, long atMs)
    {
        Waiting = what;
        _wait.StartAt(atMs);
    }

    private void StopWaiting()
    {
        Waiting = ModemWait.None;
        _wait.Stop();
    }

    private void OnWait(LoopTimer timer)
    {
        ModemWait what = Waiting;
        Waiting = ModemWait.None;
        switch (what)
        {
            case ModemWait.ProbeRetry:
                _engine.Run(_probe);
                return;
            case ModemWait.BaudSettle:
                OnBaudSettled();
                return;
            case ModemWait.PowerKeyOnPulse:
                OnPowerKeyOnReleased();
                return;
            case ModemWait.Boot:
                OnBootTimeout();
                return;
            case ModemWait.PowerKeyOffPulse:
                OnPowerKeyOffReleased();
                return;
            case ModemWait.PoweredOff:
                PowerOn("switching on after power-off");
                return;
            case ModemWait.SupplyOff:
                OnSupplyRestored();
                return;
            case ModemWait.ResetPulse:
                OnResetReleased();
                return;
            case ModemWait.SimRetry:
                _engine.Run(_scripts.SimCheck(OnSimDone));
                return;
            case ModemWait.SimFaultRecheck:
                EnterSimCheck("checking the SIM again");
                return;
            case ModemWait.Hold:
                OnHoldOver();
                return;
            case ModemWait.None:
                return;
        }
    }

    private void StopTimers()
    {
        StopWaiting();
        _poll.Stop();
        _ping.Stop();
        _stable.Stop();
    }
}
