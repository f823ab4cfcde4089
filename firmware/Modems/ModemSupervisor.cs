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
/// <para>An explicit state machine on the event loop: every transition is a <see cref="ModemEvent"/> with
/// its cause. Failures enter the <see cref="RecoveryLadder"/> at their own rung (a lost data session at
/// PDP reactivation, a silent modem at the power key) and climb only when the rung below did not help.</para>
/// <para>All scripts are built once here; steady-state polling allocates only when a decoded value changes.</para>
/// </remarks>
public sealed class ModemSupervisor
{
    private const int SeqNone = 0;
    private const int SeqBootWait = 1;
    private const int SeqKeyOnRelease = 2;
    private const int SeqKeyOffRelease = 3;
    private const int SeqOffWait = 4;
    private const int SeqSwitchOn = 5;
    private const int SeqResetRelease = 6;
    private const int SeqProbeRetry = 7;
    private const int SeqBaudSettle = 8;
    private const int SeqSimRetry = 9;
    private const int SeqSimFaultRecheck = 10;
    private const int SeqHold = 11;

    // Probing at start (silence: switch on), after a failure (silence: maybe restarting, wait for boot),
    // and after that wait (silence: try other baud rates, then climb the ladder).
    private const int ProbeAtStart = 0;
    private const int ProbeAfterFailure = 1;
    private const int ProbeHunting = 2;

    private readonly EventLoop _loop;
    private readonly ISerialLine _serial;
    private readonly ModemDialect _dialect;
    private readonly ModemPins _pins;
    private readonly ModemSupervisorOptions _options;
    private readonly ModemStatus _status = new ModemStatus();
    private readonly RecoveryLadder _ladder;
    private readonly AtEngine _engine;
    private readonly string _name;
    private readonly string _logSource;
    private readonly LoopTimer _wait;
    private readonly LoopTimer _poll;
    private readonly LoopTimer _ping;
    private readonly LoopTimer _stable;
    private readonly long[] _bootTimes;

    private readonly AtScript _probe;
    private readonly AtScript _registration;
    private readonly AtScript _steady;
    private readonly AtScript? _pingScript;

    // One delegate each, shared by every step that decodes (a delegate is three heap blocks on nano).
    private readonly AtLineHandler _onResponse;
    private readonly AtLineFilter _isRegistrationRead;

    private int _seq;
    private int _probeFailures;
    private int _baudIndex;
    private int _probeMode;
    private long _simSince;
    private bool _pinTried;
    private bool _pinRejected;
    private long _registeringSince;
    private RegistrationState _badState;
    private long _badSince;
    private long _lostSince;
    private int _pingFailures;
    private int _rxStallPolls;
    private long _lastTx;
    private long _lastRx;
    private bool _expectBoot;
    private int _bootCount;
    private RecoveryStep _pendingStep;
    private string _pendingCause = string.Empty;

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
        _wait = new LoopTimer(loop, OnWait);
        _poll = new LoopTimer(loop, OnPollTimer);
        _ping = new LoopTimer(loop, OnPingTimer);
        _stable = new LoopTimer(loop, OnStable);
        _bootTimes = new long[options.RebootLoopCount < 1 ? 1 : options.RebootLoopCount];
        _lostSince = -1;
        _onResponse = OnResponseLine;
        _isRegistrationRead = ModemDecoder.IsRegistrationRead;

        _probe = Script("probe", OnProbeDone, Step("AT", options.ProbeTimeoutMs));
        _registration = BuildRegistration();
        _steady = BuildSteady();
        _pingScript = BuildPing();

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
        EnterProbing("supervision started", ProbeAtStart);
    }

    /// <summary>Stops supervision; the modem is left as it is.</summary>
    public void Stop()
    {
        StopTimers();
        _engine.CancelAll("supervision stopped");
        SetState(ModemState.Off, ModemEventKind.StateChanged, "supervision stopped");
    }

    private static AtStep Step(string request, int timeoutMs) => new AtStep(request, timeoutMs);

    private static AtStep Optional(AtStep step)
    {
        step.Optional = true;
        return step;
    }

    private static bool IsIccid(AtLine line) =>
        line.StartsWith("+QCCID:") || line.StartsWith("+ICCID:") || line.StartsWith("+CICCID:") || line.StartsWith("+CCID:");

    private AtStep Decoding(string request, string prefix, int timeoutMs) => Decoding(request, prefix, timeoutMs, null);

    private AtStep Decoding(string request, string prefix, int timeoutMs, AtLineFilter? filter)
    {
        AtStep step = new AtStep(request, timeoutMs);
        step.ResponsePrefix = prefix;
        step.ResponseFilter = filter;
        step.OnResponse = _onResponse;
        return step;
    }

    private static AtScript Script(string name, AtScriptCompleted? completed, params AtStep[] steps) => new AtScript(name, steps, completed);

    // The scripts below run once per boot, per SIM retry or per recovery step: they are built when run
    // and left to the collector afterwards, so the steady state holds only the probe, registration,
    // polling and ping scripts (about 10 KB less per modem on a nanoFramework heap).
    private AtScript SimCheckScript() => Script("sim", OnSimDone, Decoding("AT+CPIN?", "+CPIN:", 5000));

    private AtScript SoftResetScript()
    {
        AtScript script = Script("soft reset", OnSoftResetDone, Step(_dialect.SoftResetRequest, 15000));
        script.Aborts = _dialect.BootUrcs;
        return script;
    }

    private AtScript SetBaudScript() => Script("set baud", OnSetBaudDone, Step("AT+IPR=" + _options.BaudRate, 1000));

    private AtScript EnterPinScript()
    {
        AtStep pin = Step("AT+CPIN=\"" + (_options.Sim.Pin ?? string.Empty) + "\"", 5000);
        pin.Secret = true;
        return Script("pin", OnPinDone, pin);
    }

    private AtScript SimIdentityScript() =>
        Script("sim identity", OnSimIdentityDone, Optional(Decoding("AT+CIMI", "", 1000)), Optional(Decoding(_dialect.IccidRequest, "+", 1000, IsIccid)));

    private AtScript CauseScript() => Script("cause", null, Optional(Decoding("AT+CEER", "+CEER:", 1000)));

    private AtScript AttachScript()
    {
        SimSettings sim = _options.Sim;
        AtStep context = Step("AT+CGDCONT=1,\"" + sim.PdpType + "\",\"" + sim.Apn + "\"", 1000);
        AtStep activate = Step("AT+CGACT=1,1", 150000);
        AtStep address = Decoding("AT+CGPADDR=1", "+CGPADDR:", 1000);
        string? credentials = _dialect.AuthRequest(sim);
        if (credentials == null)
        {
            return Script("attach", OnAttachDone, context, activate, address);
        }

        AtStep auth = Step(credentials, 1000);
        auth.Secret = true;
        return Script("attach", OnAttachDone, context, auth, activate, address);
    }

    private AtScript PdpReactivateScript() =>
        Script("pdp reactivate", OnPdpReactivateDone, Optional(Step("AT+CGACT=0,1", 40000)), Step("AT+CGACT=1,1", 150000), Decoding("AT+CGPADDR=1", "+CGPADDR:", 1000));

    private AtScript ReselectScript() => Script("reselect", OnRadioDone, Step("AT+COPS=0", 180000));

    private AtScript RadioCycleScript()
    {
        AtStep radioOn = Step("AT+CFUN=1", 15000);
        radioOn.DelayBeforeMs = _options.RadioOffMs;
        return Script("radio cycle", OnRadioDone, Step("AT+CFUN=0", 15000), radioOn);
    }

    private AtScript PowerOffScript()
    {
        AtStep powerOff = Step(_dialect.PowerOffRequest, 5000);
        if (_dialect.PowerOffUrc != null)
        {
            powerOff.DeferredPrefix = _dialect.PowerOffUrc;
            powerOff.DeferredTimeoutMs = 65000;
        }

        return Script("power off", OnPowerOffDone, powerOff);
    }

    private AtScript BuildConfigure()
    {
        string[] vendor = _dialect.ConfigRequests;
        AtStep[] steps = new AtStep[vendor.Length + 13];
        int n = 0;
        steps[n++] = Step("ATE0", 1000);
        steps[n++] = Step("AT+CMEE=2", 1000);
        for (int i = 0; i < vendor.Length; i++)
        {
            steps[n++] = Optional(Step(vendor[i], 1000));
        }

        steps[n++] = Optional(Step("AT+CREG=2", 1000));
        steps[n++] = Optional(Step("AT+CGREG=2", 1000));
        steps[n++] = Optional(Step("AT+CEREG=2", 1000));
        if (_dialect.Has5g)
        {
            steps[n++] = Optional(Step("AT+C5GREG=2", 1000));
        }

        steps[n++] = Optional(Step("AT+CGEREP=2,1", 1000));
        steps[n++] = Optional(Step("AT+COPS=3,2", 1000));
        steps[n++] = Optional(Decoding("AT+CGMI", "", 1000));
        steps[n++] = Optional(Decoding("AT+CGMM", "", 1000));
        steps[n++] = Optional(Decoding(_dialect.RevisionRequest, _dialect.RevisionPrefix, 1000));
        steps[n++] = Optional(Decoding("AT+CGSN", "", 1000));
        AtStep[] used = new AtStep[n];
        Array.Copy(steps, used, n);
        AtScript script = new AtScript("configure", used, OnConfigureDone);
        script.Aborts = _dialect.BootUrcs;
        return script;
    }

    private AtScript BuildRegistration()
    {
        AtLineFilter read = _isRegistrationRead;
        AtStep[] steps = new AtStep[_dialect.Has5g ? 5 : 4];
        int n = 0;
        steps[n++] = Optional(Decoding("AT+CREG?", "+CREG:", 1000, read));
        steps[n++] = Optional(Decoding("AT+CGREG?", "+CGREG:", 1000, read));
        steps[n++] = Optional(Decoding("AT+CEREG?", "+CEREG:", 1000, read));
        if (_dialect.Has5g)
        {
            steps[n++] = Optional(Decoding("AT+C5GREG?", "+C5GREG:", 1000, read));
        }

        steps[n] = Optional(Decoding("AT+COPS?", "+COPS:", 3000));
        return Script("registration", OnRegistrationDone, steps);
    }

    // The registration reads the steady poll repeats are the registration script's own steps.
    private AtScript BuildSteady()
    {
        AtStep[] registration = _registration.Steps;
        int count = 4 + (_dialect.CountersRequest != null ? 1 : 0) + (_dialect.ServingCellRequest != null ? 1 : 0);
        AtStep[] steps = new AtStep[count];
        int n = 0;
        steps[n++] = Decoding("AT+CSQ", "+CSQ:", 1000);
        steps[n++] = registration[_dialect.Has5g ? 3 : 1];
        steps[n++] = registration[2];
        steps[n++] = Decoding("AT+CGPADDR=1", "+CGPADDR:", 1000);
        if (_dialect.CountersRequest != null)
        {
            steps[n++] = Optional(Decoding(_dialect.CountersRequest, "+QGDCNT:", 1000));
        }

        if (_dialect.ServingCellRequest != null)
        {
            steps[n] = Optional(Decoding(_dialect.ServingCellRequest, _dialect.ServingCellPrefix, 1000));
        }

        return Script("poll", OnSteadyDone, steps);
    }

    private AtScript? BuildPing()
    {
        string? request = _options.PingHost == null ? null : _dialect.PingRequest(_options.PingHost, 4, 1);
        if (request == null)
        {
            return null;
        }

        AtStep step = Step(request, 3000);
        step.DeferredPrefix = _dialect.PingPrefix;
        step.DeferredTimeoutMs = 10000;
        step.OnDeferred = OnPingLine;
        return Script("ping", OnPingDone, step);
    }

    private void AddUrcs()
    {
        _engine.AddUrcHandler("+CREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+CGREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+CEREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+C5GREG:", OnRegistrationUrc);
        _engine.AddUrcHandler("+CGEV:", OnPdpUrc);
        _engine.AddUrcHandler("+QIURC:", OnPdpUrc);
        _engine.AddUrcHandler("+CPIN:", OnSimUrc);
        _engine.AddUrcHandler("+QSIMSTAT:", OnSimUrc);
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

    private bool OnPingLine(AtLine line)
    {
        ModemDecoder.Decode(null, line, _status);
        return ModemDecoder.IsPingComplete(line);
    }

    // ---- power-up and boot ----

    private void EnterProbing(string cause, int mode)
    {
        SetState(ModemState.Probing, ModemEventKind.StateChanged, cause);
        _probeFailures = 0;
        _baudIndex = -1;
        _probeMode = mode;
        _engine.Run(_probe);
    }

    private void OnProbeDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.Probing)
        {
            return;
        }

        if (script.Succeeded)
        {
            if (_serial.BaudRate != _options.BaudRate)
            {
                _engine.Run(SetBaudScript());
                return;
            }

            EnterConfiguring("modem answers AT");
            return;
        }

        _probeFailures++;
        if (_probeFailures < _options.ProbeTries)
        {
            Wait(SeqProbeRetry, 1000);
            return;
        }

        if (_probeMode == ProbeHunting && NextHuntRate())
        {
            _probeFailures = _options.ProbeTries - 1;
            _engine.CancelAll("baud rate changed");
            _engine.Run(_probe);
            return;
        }

        _serial.BaudRate = _options.BaudRate;
        if (_probeMode == ProbeAtStart && (_pins.PowerKey != null || _pins.PowerSwitch != null))
        {
            PowerOn("no answer to AT: switching the modem on");
            return;
        }

        if (_probeMode != ProbeHunting)
        {
            EnterBooting("no answer to AT: waiting in case the modem is restarting");
            return;
        }

        Recover(RecoveryStep.AtRetry, "no answer to AT after " + _options.ProbeTries + " tries, nor at any of " + _options.HuntBaudRates.Length + " baud rates, nor a boot URC", false);
    }

    private bool NextHuntRate()
    {
        int[] rates = _options.HuntBaudRates;
        while (++_baudIndex < rates.Length)
        {
            if (rates[_baudIndex] != _options.BaudRate)
            {
                _serial.BaudRate = rates[_baudIndex];
                return true;
            }
        }

        return false;
    }

    private void OnSetBaudDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.Probing)
        {
            return;
        }

        // The modem switches after its OK; V.250 asks for a pause before talking at the new rate.
        Event(ModemEventKind.Recovery, "modem was at " + _serial.BaudRate + " baud; set it to " + _options.BaudRate);
        Wait(SeqBaudSettle, 500);
    }

    private void PowerOn(string cause)
    {
        _engine.CancelAll("powering on");
        SetState(ModemState.PoweringOn, ModemEventKind.StateChanged, cause);
        if (_pins.PowerSwitch != null && !_pins.PowerSwitch.IsHigh)
        {
            _pins.PowerSwitch.Write(true);
        }

        if (_pins.PowerKey == null)
        {
            EnterBooting("supply switched on");
            return;
        }

        _pins.PowerKey.Write(true);
        Wait(SeqKeyOnRelease, _options.PowerKeyOnPulseMs);
    }

    private void EnterBooting(string cause)
    {
        _expectBoot = true;
        SetState(ModemState.Booting, ModemEventKind.StateChanged, cause);
        Wait(SeqBootWait, _options.BootTimeoutMs);
    }

    private void OnBootUrc(AtLine line)
    {
        ModemDecoder.Decode(null, line, _status);
        string urc = line.Text;
        if (_expectBoot)
        {
            _expectBoot = false;
            _wait.Stop();
            _engine.CancelAll("modem booted");
            EnterConfiguring("boot URC " + urc);
            return;
        }

        if (State == ModemState.Off)
        {
            return;
        }

        _engine.CancelAll("modem restarted");
        if (IsRebootLoop())
        {
            Hold(RecoveryStep.None, _loop.NowMs + _ladder.MaxResetsPerHour * _options.BackoffInitialMs, "modem restarted " + _options.RebootLoopCount + " times within " + (_options.RebootLoopWindowMs / 1000) + " s without being asked (last during " + StateName(State) + "): supply brown-out suspected; holding off");
            return;
        }

        Event(ModemEventKind.Fault, "modem restarted unexpectedly (" + urc + ") during " + StateName(State));
        EnterConfiguring("reconfiguring after an unexpected restart");
    }

    private bool IsRebootLoop()
    {
        long now = _loop.NowMs;
        _bootTimes[_bootCount % _bootTimes.Length] = now;
        _bootCount++;
        if (_bootCount < _bootTimes.Length)
        {
            return false;
        }

        long oldest = _bootTimes[_bootCount % _bootTimes.Length];
        return now - oldest <= _options.RebootLoopWindowMs;
    }

    private void OnPowerDownUrc(AtLine line)
    {
        ModemDecoder.Decode(null, line, _status);
        if (State == ModemState.Recovering && _ladder.Level == RecoveryStep.GracefulPowerOff)
        {
            return;
        }

        string urc = line.Text;
        _engine.CancelAll("modem powered down");
        Event(ModemEventKind.Fault, "modem powered down by itself (" + urc + ")");
        if (_pins.PowerKey != null || _pins.PowerSwitch != null)
        {
            PowerOn("switching the modem back on");
        }
        else
        {
            EnterBooting("waiting for the modem to restart");
        }
    }

    // ---- configuration and SIM ----

    private void EnterConfiguring(string cause)
    {
        SetState(ModemState.Configuring, ModemEventKind.StateChanged, cause);
        _engine.Run(BuildConfigure());
    }

    private void OnConfigureDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || script.Result == AtResult.Aborted || State != ModemState.Configuring)
        {
            return;
        }

        if (!script.Succeeded)
        {
            FailScript(script, RecoveryStep.SoftReset, "configuration failed");
            return;
        }

        EnterSimCheck("configured");
    }

    private void EnterSimCheck(string cause)
    {
        SetState(ModemState.SimCheck, ModemEventKind.StateChanged, cause);
        _simSince = _loop.NowMs;
        _pinTried = false;
        _engine.Run(SimCheckScript());
    }

    private void OnSimDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.SimCheck)
        {
            return;
        }

        if (script.Result == AtResult.Timeout)
        {
            Recover(RecoveryStep.AtRetry, script.ErrorText!, false);
            return;
        }

        if (script.Result == AtResult.CmeError)
        {
            ModemDecoder.ApplyError(script.ErrorCode, _status);
        }

        switch (_status.Sim)
        {
            case SimState.Ready:
                _engine.Run(SimIdentityScript());
                return;
            case SimState.PinRequired:
                if (_options.Sim.Pin == null)
                {
                    EnterSimFault("SIM asks for a PIN and none is configured");
                }
                else if (_pinRejected)
                {
                    EnterSimFault("SIM asks for a PIN; the configured PIN was rejected before and is not sent again");
                }
                else if (_pinTried)
                {
                    EnterSimFault("SIM still asks for a PIN after the configured PIN was sent; not retrying (three wrong PINs lock the SIM)");
                }
                else
                {
                    _pinTried = true;
                    _engine.Run(EnterPinScript());
                }

                return;
            case SimState.PukRequired:
                EnterSimFault("SIM is PUK-locked: enter the PUK by hand");
                return;
            case SimState.NotInserted:
                EnterSimFault("SIM not inserted");
                return;
            default:
                long waited = _loop.NowMs - _simSince;
                if (waited < _options.SimBusyTimeoutMs)
                {
                    Wait(SeqSimRetry, 1000);
                    return;
                }

                if (_status.Sim == SimState.Failure)
                {
                    EnterSimFault("SIM failure for " + (waited / 1000) + " s (" + (script.ErrorText ?? "+CPIN") + ")");
                    return;
                }

                Recover(RecoveryStep.SoftReset, "SIM still busy after " + (waited / 1000) + " s", true);
                return;
        }
    }

    private void OnPinDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.SimCheck)
        {
            return;
        }

        if (script.Result == AtResult.CmeError && (script.ErrorCode == AtErrors.IncorrectPassword || script.ErrorCode == AtErrors.SimPukRequired))
        {
            _pinRejected = true;
            EnterSimFault("SIM rejected the configured PIN (" + script.ErrorText + "); not retrying (three wrong PINs lock the SIM)");
            return;
        }

        Wait(SeqSimRetry, 1000);
    }

    private void OnSimIdentityDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.SimCheck)
        {
            return;
        }

        EnterRegistering("SIM ready");
    }

    private void EnterSimFault(string cause)
    {
        SetState(ModemState.SimFault, ModemEventKind.Fault, cause);
        Wait(SeqSimFaultRecheck, _options.SimFaultRecheckMs);
    }

    private void OnSimUrc(AtLine line)
    {
        ModemDecoder.Decode(null, line, _status);
        if (State == ModemState.SimFault && line.StartsWith("+QSIMSTAT:") && line.FieldIs(1, "1"))
        {
            _wait.Stop();
            EnterSimCheck("SIM inserted");
        }
    }

    // ---- registration and data session ----

    private void EnterRegistering(string cause)
    {
        SetState(ModemState.Registering, ModemEventKind.StateChanged, cause);
        _registeringSince = _loop.NowMs;
        _badSince = -1;
        _poll.StartPeriodic(_options.RegistrationPollMs);
        _engine.Run(_registration);
    }

    private void OnRegistrationDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.Registering)
        {
            return;
        }

        if (script.Result == AtResult.Timeout)
        {
            Recover(RecoveryStep.AtRetry, script.ErrorText!, false);
            return;
        }

        if (_status.IsRegistered)
        {
            EnterAttaching((_status.Registration == RegistrationState.Roaming ? "registered, roaming (" : "registered (") + _status.RegistrationSource + ")");
            return;
        }

        long now = _loop.NowMs;
        RegistrationState state = _status.Registration;
        if (state == RegistrationState.Denied || state == RegistrationState.NotSearching)
        {
            if (_badState != state || _badSince < 0)
            {
                _badState = state;
                _badSince = now;
                _engine.Run(CauseScript());
                return;
            }

            if (now - _badSince >= _options.RegistrationPersistMs)
            {
                string what = state == RegistrationState.Denied ? "registration denied" : "not registered and not searching";
                Recover(
                    state == RegistrationState.Denied ? RecoveryStep.RadioCycle : RecoveryStep.OperatorReselect,
                    what + " for " + ((now - _badSince) / 1000) + " s (" + _status.RegistrationSource + " stat " + (int)state + ")" + (_status.LastCause == null ? string.Empty : "; modem says: " + _status.LastCause),
                    true);
            }

            return;
        }

        _badSince = -1;
        if (now - _registeringSince >= _options.RegistrationTimeoutMs)
        {
            Recover(RecoveryStep.RadioCycle, "not registered after " + ((now - _registeringSince) / 1000) + " s (" + (state == RegistrationState.Searching ? "searching" : "state unknown") + ")", true);
        }
    }

    private void OnRegistrationUrc(AtLine line)
    {
        ModemDecoder.Decode(null, line, _status);
        if (State == ModemState.DataReady && !_status.IsRegistered && _lostSince < 0)
        {
            _lostSince = _loop.NowMs;
            Event(ModemEventKind.Fault, "registration lost (" + line.Text + "); waiting " + (_options.RegistrationLossGraceMs / 1000) + " s before acting");
        }
    }

    private void EnterAttaching(string cause)
    {
        _poll.Stop();
        SetState(ModemState.Attaching, ModemEventKind.StateChanged, cause);
        _engine.Run(AttachScript());
    }

    private void OnAttachDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || script.Result == AtResult.Aborted || State != ModemState.Attaching)
        {
            return;
        }

        if (script.Succeeded && _status.PdpAddress != null)
        {
            EnterDataReady("data session up, address " + _status.PdpAddress);
            return;
        }

        FailScript(script, RecoveryStep.PdpReactivate, script.Succeeded ? "PDP context 1 active but without an address" : "data session activation failed");
    }

    private void OnPdpUrc(AtLine line)
    {
        int update = ModemDecoder.Decode(null, line, _status);
        if (State == ModemState.DataReady && (update & ModemUpdate.PdpLost) != 0)
        {
            Recover(RecoveryStep.PdpReactivate, "network ended the data session (" + line.Text + ")", true);
        }
    }

    private void EnterDataReady(string cause)
    {
        SetState(ModemState.DataReady, ModemEventKind.StateChanged, cause);
        _lostSince = -1;
        _pingFailures = 0;
        _rxStallPolls = 0;
        _lastTx = _status.BytesTx;
        _lastRx = _status.BytesRx;
        _poll.StartPeriodic(_options.PollIntervalMs);
        _engine.Run(_steady);
        if (_pingScript != null)
        {
            _ping.StartPeriodic(_options.PingIntervalMs);
        }

        _stable.Start(_options.StableMs);
    }

    private void OnPollTimer(LoopTimer timer)
    {
        if (State == ModemState.Registering && !_registration.IsBusy)
        {
            _engine.Run(_registration);
        }
        else if (State == ModemState.DataReady && !_steady.IsBusy)
        {
            _engine.Run(_steady);
        }
    }

    private void OnSteadyDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.DataReady)
        {
            return;
        }

        if (!script.Succeeded)
        {
            FailScript(script, script.Result == AtResult.Timeout ? RecoveryStep.AtRetry : RecoveryStep.PdpReactivate, "steady-state poll failed");
            return;
        }

        PollCycles++;
        long now = _loop.NowMs;
        if (!_status.IsRegistered)
        {
            if (_lostSince < 0)
            {
                _lostSince = now;
            }
            else if (now - _lostSince >= _options.RegistrationLossGraceMs)
            {
                EnterRegistering("registration lost for " + ((now - _lostSince) / 1000) + " s (stat " + (int)_status.Registration + ")");
                return;
            }
        }
        else
        {
            _lostSince = -1;
        }

        if (_status.PdpAddress == null && _status.IsRegistered)
        {
            Recover(RecoveryStep.PdpReactivate, "PDP context 1 lost its address (AT+CGPADDR=1 reports none)", true);
            return;
        }

        CheckReceiveStall();
    }

    private void CheckReceiveStall()
    {
        long tx = _status.BytesTx;
        long rx = _status.BytesRx;
        if (tx < 0 || rx < 0)
        {
            return;
        }

        _rxStallPolls = tx > _lastTx && rx == _lastRx && _lastTx >= 0 ? _rxStallPolls + 1 : 0;
        _lastTx = tx;
        _lastRx = rx;
        if (_rxStallPolls >= _options.RxStallPolls)
        {
            Recover(RecoveryStep.PdpReactivate, "receive stalled: the modem kept sending for " + _rxStallPolls + " polls and received nothing", true);
        }
    }

    private void OnPingTimer(LoopTimer timer)
    {
        if (State == ModemState.DataReady && _pingScript != null && !_pingScript.IsBusy)
        {
            _status.Ping.Sent = 0;
            _status.Ping.Received = 0;
            _status.Ping.Error = 0;
            _engine.Run(_pingScript);
        }
    }

    private void OnPingDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.DataReady)
        {
            return;
        }

        if (script.Succeeded && _status.Ping.Received > 0)
        {
            _pingFailures = 0;
            return;
        }

        _pingFailures++;
        if (_pingFailures >= _options.PingFailuresBeforeAction)
        {
            Recover(RecoveryStep.PdpReactivate, "modem-side ping to " + _options.PingHost + " failed " + _pingFailures + " times in a row while registered with address " + _status.PdpAddress + ": registered but no data", true);
        }
    }

    private void OnStable(LoopTimer timer)
    {
        if (State == ModemState.DataReady)
        {
            _ladder.Succeeded();
        }
    }

    // ---- recovery ----

    private void FailScript(AtScript script, RecoveryStep floor, string what)
    {
        bool silent = script.Result == AtResult.Timeout;
        Recover(silent ? RecoveryStep.AtRetry : floor, what + ": " + script.ErrorText, !silent);
    }

    private void Recover(RecoveryStep floor, string cause, bool atAlive)
    {
        Event(ModemEventKind.Fault, cause);
        RecoveryStep step = _ladder.Next(floor, atAlive);
        long now = _loop.NowMs;
        if (_ladder.BackoffDue)
        {
            Hold(step, now + _ladder.BackoffMs, "every recovery step up to " + StepName(step) + " failed; waiting " + (_ladder.BackoffMs / 1000) + " s before trying again");
            return;
        }

        if (RecoveryLadder.IsReset(step) && _ladder.NextResetAllowedAt(now) > now)
        {
            Hold(step, _ladder.NextResetAllowedAt(now), ResetCapText(now));
            return;
        }

        Take(step, cause);
    }

    private string ResetCapText(long now) =>
        "reset cap reached: " + _ladder.ResetsInLastHour(now) + " modem restarts in the last hour (max " + _ladder.MaxResetsPerHour + "); next allowed in " + ((_ladder.NextResetAllowedAt(now) - now) / 1000) + " s";

    private void Hold(RecoveryStep step, long untilMs, string cause)
    {
        StopTimers();
        _engine.CancelAll("held");
        _pendingStep = step;
        _pendingCause = cause;
        SetState(ModemState.Held, ModemEventKind.Held, cause);
        _wait.StartAt(untilMs);
        _seq = SeqHold;
    }

    private void OnHoldOver()
    {
        long now = _loop.NowMs;
        RecoveryStep step = _pendingStep;
        if (step == RecoveryStep.None)
        {
            EnterProbing("hold over", ProbeAfterFailure);
            return;
        }

        if (RecoveryLadder.IsReset(step) && _ladder.NextResetAllowedAt(now) > now)
        {
            Hold(step, _ladder.NextResetAllowedAt(now), ResetCapText(now));
            return;
        }

        Take(step, _pendingCause);
    }

    private void Take(RecoveryStep step, string cause)
    {
        StopTimers();
        _engine.CancelAll("recovery: " + StepName(step));
        _ladder.Take(step, _loop.NowMs);
        SetState(ModemState.Recovering, ModemEventKind.Recovery, StepName(step) + " because " + cause);
        switch (step)
        {
            case RecoveryStep.AtRetry:
                EnterProbing("probing after " + StepName(step), ProbeAfterFailure);
                return;
            case RecoveryStep.PdpReactivate:
                _engine.Run(PdpReactivateScript());
                return;
            case RecoveryStep.OperatorReselect:
                _engine.Run(ReselectScript());
                return;
            case RecoveryStep.RadioCycle:
                _engine.Run(RadioCycleScript());
                return;
            case RecoveryStep.SoftReset:
                _expectBoot = true;
                _engine.Run(SoftResetScript());
                return;
            case RecoveryStep.GracefulPowerOff:
                _engine.Run(PowerOffScript());
                return;
            case RecoveryStep.PowerKeyCycle:
                _pins.PowerKey!.Write(true);
                Wait(SeqKeyOffRelease, _options.PowerKeyOffPulseMs);
                return;
            default:
                if (_pins.PowerSwitch != null)
                {
                    _pins.PowerSwitch.Write(false);
                    Wait(SeqSwitchOn, _options.HardOffMs);
                }
                else
                {
                    _pins.Reset!.Write(true);
                    Wait(SeqResetRelease, _options.ResetPulseMs);
                }

                return;
        }
    }

    private void OnPdpReactivateDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.Recovering)
        {
            return;
        }

        if (script.Succeeded && _status.PdpAddress != null)
        {
            EnterDataReady("data session re-established, address " + _status.PdpAddress);
            return;
        }

        FailScript(script, RecoveryStep.PdpReactivate, "PDP reactivation failed");
    }

    private void OnRadioDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.Recovering)
        {
            return;
        }

        if (script.Result == AtResult.Timeout)
        {
            FailScript(script, RecoveryStep.AtRetry, script.Name + " failed");
            return;
        }

        EnterRegistering(script.Name + " done");
    }

    private void OnSoftResetDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || script.Result == AtResult.Aborted || State != ModemState.Recovering)
        {
            return;
        }

        EnterBooting("restart requested (" + _dialect.SoftResetRequest + ")");
    }

    private void OnPowerOffDone(AtScript script)
    {
        if (script.Result == AtResult.Cancelled || State != ModemState.Recovering)
        {
            return;
        }

        _engine.CancelAll("powered off");
        Wait(SeqOffWait, script.Succeeded && _dialect.PowerOffUrc != null ? 1000 : _options.PowerOffWaitMs);
    }

    // ---- timers ----

    private void Wait(int seq, int delayMs)
    {
        _seq = seq;
        _wait.Start(delayMs);
    }

    private void OnWait(LoopTimer timer)
    {
        int seq = _seq;
        _seq = SeqNone;
        switch (seq)
        {
            case SeqBootWait:
                _expectBoot = false;
                EnterProbing("no boot URC within " + (_options.BootTimeoutMs / 1000) + " s", ProbeHunting);
                return;
            case SeqKeyOnRelease:
                _pins.PowerKey!.Write(false);
                EnterBooting("power key pulsed");
                return;
            case SeqKeyOffRelease:
                _pins.PowerKey!.Write(false);
                Wait(SeqOffWait, _options.PowerOffWaitMs);
                return;
            case SeqOffWait:
                PowerOn("switching on after power-off");
                return;
            case SeqSwitchOn:
                _pins.PowerSwitch!.Write(true);
                if (_pins.PowerKey != null)
                {
                    PowerOn("supply restored");
                }
                else
                {
                    EnterBooting("supply restored");
                }

                return;
            case SeqResetRelease:
                _pins.Reset!.Write(false);
                EnterBooting("reset pulsed");
                return;
            case SeqProbeRetry:
                _engine.Run(_probe);
                return;
            case SeqBaudSettle:
                _serial.BaudRate = _options.BaudRate;
                _engine.CancelAll("baud rate changed");
                _engine.Run(_probe);
                return;
            case SeqSimRetry:
                _engine.Run(SimCheckScript());
                return;
            case SeqSimFaultRecheck:
                EnterSimCheck("checking the SIM again");
                return;
            case SeqHold:
                OnHoldOver();
                return;
            default:
                return;
        }
    }

    private void StopTimers()
    {
        _wait.Stop();
        _poll.Stop();
        _ping.Stop();
        _stable.Stop();
        _seq = SeqNone;
    }

    private void SetState(ModemState state, ModemEventKind kind, string cause)
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
            case ModemState.Registering: return "registering";
            case ModemState.Attaching: return "attaching";
            case ModemState.DataReady: return "data ready";
            case ModemState.Recovering: return "recovering";
            case ModemState.Held: return "held";
            default: return "SIM fault";
        }
    }

    /// <summary>Gets the name of a recovery rung, for messages.</summary>
    /// <param name="step">The rung.</param>
    /// <returns>Its name.</returns>
    public static string StepName(RecoveryStep step)
    {
        switch (step)
        {
            case RecoveryStep.AtRetry: return "AT retry";
            case RecoveryStep.PdpReactivate: return "PDP reactivation";
            case RecoveryStep.OperatorReselect: return "operator reselection";
            case RecoveryStep.RadioCycle: return "radio off/on";
            case RecoveryStep.SoftReset: return "soft reset";
            case RecoveryStep.GracefulPowerOff: return "graceful power-off";
            case RecoveryStep.PowerKeyCycle: return "power-key cycle";
            case RecoveryStep.HardPowerCycle: return "hard power cycle";
            default: return "none";
        }
    }
}
