using System;
using NfBond.Firmware.At;

namespace NfBond.Firmware.Modems;

/// <summary>
/// Builds a modem's AT conversations from its dialect and settings: every request, timeout, expected
/// response and abort match the <see cref="ModemSupervisor"/> sends lives here, declared once.
/// </summary>
/// <remarks>
/// Steps whose response is decoded share one response handler (a delegate is three heap blocks on
/// nanoFramework). The caller says what runs when a script ends.
/// </remarks>
public sealed class ModemScripts
{
    private readonly ModemDialect _dialect;
    private readonly ModemSupervisorOptions _options;
    private readonly AtLineHandler _onResponse;

    /// <summary>Creates a builder.</summary>
    /// <param name="dialect">The modem family's command differences.</param>
    /// <param name="options">Baud rate, SIM settings, ping host and radio timing.</param>
    /// <param name="onResponse">Receives every response line of a decoding step.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ModemScripts(ModemDialect dialect, ModemSupervisorOptions options, AtLineHandler onResponse)
    {
        if (dialect == null || options == null || onResponse == null)
        {
            throw new ArgumentNullException(dialect == null ? nameof(dialect) : options == null ? nameof(options) : nameof(onResponse));
        }

        _dialect = dialect;
        _options = options;
        _onResponse = onResponse;
    }

    /// <summary>Builds the probe: a bare <c>AT</c>.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript Probe(AtScriptCompleted completed) => Script("probe", completed, Step("AT", _options.ProbeTimeoutMs));

    /// <summary>Builds <c>AT+IPR</c> to the configured baud rate.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript SetBaud(AtScriptCompleted completed) => Script("set baud", completed, Step("AT+IPR=" + _options.BaudRate, 1000));

    /// <summary>
    /// Builds the configuration after boot: echo off, verbose errors, the dialect's own settings, registration
    /// and PDP URCs on, numeric operator, then the identity reads (each once).
    /// </summary>
    /// <param name="completed">Runs when it ends; a boot URC aborts it.</param>
    /// <returns>The script.</returns>
    public AtScript Configure(AtScriptCompleted completed)
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
        steps[n++] = Optional(Decoding("AT+CGMI", "", 1000, null));
        steps[n++] = Optional(Decoding("AT+CGMM", "", 1000, null));
        steps[n++] = Optional(Decoding(_dialect.RevisionRequest, _dialect.RevisionPrefix, 1000, null));
        steps[n++] = Optional(Decoding("AT+CGSN", "", 1000, null));
        AtStep[] used = new AtStep[n];
        Array.Copy(steps, used, n);
        return Aborted(new AtScript("configure", used, completed), _dialect.BootUrcs);
    }

    /// <summary>Builds the SIM check: <c>AT+CPIN?</c>.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript SimCheck(AtScriptCompleted completed) => Script("sim", completed, Decoding("AT+CPIN?", "+CPIN:", 5000, null));

    /// <summary>Builds the PIN entry; the PIN never reaches a log.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript EnterPin(AtScriptCompleted completed) =>
        Script("pin", completed, Secret(Step("AT+CPIN=\"" + (_options.Sim.Pin ?? string.Empty) + "\"", 5000)));

    /// <summary>Builds the SIM identity reads: IMSI and ICCID.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript SimIdentity(AtScriptCompleted completed) =>
        Script("sim identity", completed, Optional(Decoding("AT+CIMI", "", 1000, null)), Optional(Decoding(_dialect.IccidRequest, "+", 1000, ModemDecoder.IsIccidLine)));

    /// <summary>Builds the registration reads (every access technology's, then the operator).</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript Registration(AtScriptCompleted completed)
    {
        AtLineFilter read = ModemDecoder.IsRegistrationRead;
        AtStep[] steps = new AtStep[_dialect.Has5g ? 5 : 4];
        int n = 0;
        steps[n++] = Optional(Decoding("AT+CREG?", "+CREG:", 1000, read));
        steps[n++] = Optional(Decoding("AT+CGREG?", "+CGREG:", 1000, read));
        steps[n++] = Optional(Decoding("AT+CEREG?", "+CEREG:", 1000, read));
        if (_dialect.Has5g)
        {
            steps[n++] = Optional(Decoding("AT+C5GREG?", "+C5GREG:", 1000, read));
        }

        steps[n] = Optional(Decoding("AT+COPS?", "+COPS:", 3000, null));
        return Script("registration", completed, steps);
    }

    /// <summary>Builds the failure cause read, <c>AT+CEER</c>.</summary>
    /// <returns>The script.</returns>
    public AtScript Cause() => Script("cause", null, Optional(Decoding("AT+CEER", "+CEER:", 1000, null)));

    /// <summary>Builds the data session set-up: context 1 with the SIM's APN and PDP type, credentials if any, activation, address.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript Attach(AtScriptCompleted completed)
    {
        SimSettings sim = _options.Sim;
        AtStep context = Step("AT+CGDCONT=1,\"" + sim.PdpType + "\",\"" + sim.Apn + "\"", 1000);
        AtStep activate = Step("AT+CGACT=1,1", 150000);
        AtStep address = Decoding("AT+CGPADDR=1", "+CGPADDR:", 1000, null);
        string? credentials = _dialect.AuthRequest(sim);
        return credentials == null
            ? Script("attach", completed, context, activate, address)
            : Script("attach", completed, context, Secret(Step(credentials, 1000)), activate, address);
    }

    /// <summary>
    /// Builds the steady-state poll: signal, the newest access technology's and LTE's registration (the very
    /// steps of <paramref name="registration"/>, so nothing is built twice), the address, and the dialect's
    /// counters and serving cell.
    /// </summary>
    /// <param name="registration">The script <see cref="Registration"/> built.</param>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript Steady(AtScript registration, AtScriptCompleted completed)
    {
        AtStep[] reads = registration.Steps;
        int count = 4 + (_dialect.CountersRequest != null ? 1 : 0) + (_dialect.ServingCellRequest != null ? 1 : 0);
        AtStep[] steps = new AtStep[count];
        int n = 0;
        steps[n++] = Decoding("AT+CSQ", "+CSQ:", 1000, null);
        steps[n++] = reads[_dialect.Has5g ? 3 : 1];
        steps[n++] = reads[2];
        steps[n++] = Decoding("AT+CGPADDR=1", "+CGPADDR:", 1000, null);
        if (_dialect.CountersRequest != null)
        {
            steps[n++] = Optional(Decoding(_dialect.CountersRequest, _dialect.CountersPrefix, 1000, null));
        }

        if (_dialect.ServingCellRequest != null)
        {
            steps[n] = Optional(Decoding(_dialect.ServingCellRequest, _dialect.ServingCellPrefix, 1000, null));
        }

        return Script("poll", completed, steps);
    }

    /// <summary>Builds the modem-side ping to the configured host, or null without a host or a ping command.</summary>
    /// <param name="onLine">Receives each deferred ping line.</param>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script, or null.</returns>
    public AtScript? Ping(AtDeferredHandler onLine, AtScriptCompleted completed)
    {
        string? request = _options.PingHost == null ? null : _dialect.PingRequest(_options.PingHost, 4, 1);
        if (request == null)
        {
            return null;
        }

        AtStep step = Step(request, 3000);
        step.DeferredPrefix = _dialect.PingPrefix;
        step.DeferredTimeoutMs = 10000;
        step.OnDeferred = onLine;
        return Script("ping", completed, step);
    }

    /// <summary>Builds the PDP reactivation rung: context 1 down (if it was up) and up, then its address.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript PdpReactivate(AtScriptCompleted completed) =>
        Script("pdp reactivate", completed, Optional(Step("AT+CGACT=0,1", 40000)), Step("AT+CGACT=1,1", 150000), Decoding("AT+CGPADDR=1", "+CGPADDR:", 1000, null));

    /// <summary>Builds the operator reselection rung: <c>AT+COPS=0</c>.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript Reselect(AtScriptCompleted completed) => Script("reselect", completed, Step("AT+COPS=0", 180000));

    /// <summary>Builds the radio off/on rung, with the configured pause between.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript RadioCycle(AtScriptCompleted completed)
    {
        AtStep radioOn = Step("AT+CFUN=1", 15000);
        radioOn.DelayBeforeMs = _options.RadioOffMs;
        return Script("radio cycle", completed, Step("AT+CFUN=0", 15000), radioOn);
    }

    /// <summary>Builds the soft reset rung (the dialect's restart command); its boot URC ends it.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript SoftReset(AtScriptCompleted completed) =>
        Aborted(Script("soft reset", completed, Step(_dialect.SoftResetRequest, 15000)), _dialect.BootUrcs);

    /// <summary>Builds the graceful power-off rung; where the dialect announces power-down, the script waits for it.</summary>
    /// <param name="completed">Runs when it ends.</param>
    /// <returns>The script.</returns>
    public AtScript PowerOff(AtScriptCompleted completed)
    {
        AtStep powerOff = Step(_dialect.PowerOffRequest, 5000);
        if (_dialect.PowerOffUrc != null)
        {
            powerOff.DeferredPrefix = _dialect.PowerOffUrc;
            powerOff.DeferredTimeoutMs = 65000;
        }

        return Script("power off", completed, powerOff);
    }

    private static AtStep Step(string request, int timeoutMs) => new AtStep(request, timeoutMs);

    private static AtStep Optional(AtStep step)
    {
        step.Optional = true;
        return step;
    }

    private static AtStep Secret(AtStep step)
    {
        step.Secret = true;
        return step;
    }

    private static AtScript Script(string name, AtScriptCompleted? completed, params AtStep[] steps) => new AtScript(name, steps, completed);

    private static AtScript Aborted(AtScript script, string[] aborts)
    {
        script.Aborts = aborts;
        return script;
    }

    private AtStep Decoding(string request, string prefix, int timeoutMs, AtLineFilter? filter)
    {
        AtStep step = new AtStep(request, timeoutMs);
        step.ResponsePrefix = prefix;
        step.ResponseFilter = filter;
        step.OnResponse = _onResponse;
        return step;
    }
}
