using NfBond.Firmware.At;
using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Firmware.Modems;

/// <summary>
/// Modem-side ping as a probe transport for one cellular link: the modem itself pings (AT+QPING or
/// AT+CPING), so the probe costs no routing set-up and tests the data bearer end to end. One ping at a
/// time; a probe while the modem is not data ready fails at once with the modem's state.
/// </summary>
public sealed class ModemPingTransport : IProbeTransport
{
    private readonly EventLoop _loop;
    private readonly ModemSupervisor _supervisor;
    private readonly ModemDialect _dialect;
    private readonly string _interface;
    private readonly PingResult _result = new PingResult();
    private readonly AtStep _step;
    private readonly AtScript _script;
    private ProbeRequest? _current;
    private long _startedMs;

    /// <summary>Creates the transport for the link served by <paramref name="supervisor"/>.</summary>
    /// <param name="loop">The event loop the supervisor runs on.</param>
    /// <param name="supervisor">The modem's supervisor (its engine runs the ping).</param>
    /// <param name="dialect">The modem's dialect (ping command and result lines).</param>
    /// <param name="linkInterface">The link's interface, whose modem-ping probes this transport serves.</param>
    public ModemPingTransport(EventLoop loop, ModemSupervisor supervisor, ModemDialect dialect, string linkInterface)
    {
        _loop = loop;
        _supervisor = supervisor;
        _dialect = dialect;
        _interface = linkInterface;
        _step = new AtStep("AT", 3000);
        _step.DeferredPrefix = dialect.PingPrefix;
        _step.OnDeferred = OnPingLine;
        _script = new AtScript("probe ping", new AtStep[] { _step }, OnDone);
    }

    /// <inheritdoc/>
    public event ProbeCompletedHandler? Completed;

    /// <inheritdoc/>
    public bool Supports(ProbeKind kind, string iface)
    {
        return kind == ProbeKind.ModemPing && iface == _interface && _dialect.Ping != PingStyle.None;
    }

    /// <inheritdoc/>
    public void Send(ProbeRequest request)
    {
        if (!_supervisor.IsDataReady)
        {
            Finish(request, false, 0, "modem " + ModemSupervisor.StateName(_supervisor.State) + ", not data ready");
            return;
        }

        if (_current != null)
        {
            Finish(request, false, 0, "another modem ping is still running");
            return;
        }

        int timeoutSeconds = (request.TimeoutMs + 999) / 1000;
        _step.SetRequest(_dialect.PingRequest(request.Host, timeoutSeconds, 1)!);
        _step.DeferredTimeoutMs = timeoutSeconds * 1000 + 1000;
        _result.Clear();
        _current = request;
        _startedMs = _loop.NowMs;
        _supervisor.Engine.Run(_script);
    }

    private bool OnPingLine(AtLine line)
    {
        ModemDecoder.DecodePing(line, _result);
        return ModemDecoder.IsPingComplete(line);
    }

    private void OnDone(AtScript script)
    {
        ProbeRequest? request = _current;
        _current = null;
        if (request == null)
        {
            return;
        }

        if (script.Succeeded && _result.Received > 0)
        {
            int rttMs = _result.RttMs >= 0 ? _result.RttMs : (int)(_loop.NowMs - _startedMs);
            Finish(request, true, rttMs * 1000, "");
            return;
        }

        string why = script.Succeeded ? "no echo reply (modem error " + _result.Error.ToString() + ")"
            : script.ErrorText != null && script.ErrorText.Length > 0 ? "ping command failed: " + script.ErrorText : "ping command got no answer";
        Finish(request, false, 0, why);
    }

    private void Finish(ProbeRequest request, bool succeeded, int rttMicros, string error)
    {
        request.Succeeded = succeeded;
        request.RttMicros = rttMicros;
        request.Error = error;
        ProbeCompletedHandler? handler = Completed;
        if (handler != null)
        {
            handler(request);
        }
    }
}
