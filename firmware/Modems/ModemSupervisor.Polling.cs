using NfBond.Firmware.At;
using NfBond.Firmware.Runtime;

namespace NfBond.Firmware.Modems;

// Steady polling: the registration reads while registering, and in "data ready" the poll (signal,
// registration, address, counters), the modem-side ping, and the stable timer that lets the ladder come
// back down. Nothing here allocates unless a decoded value changed.
public sealed partial class ModemSupervisor
{
    private long _lostSince;
    private int _pingFailures;

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

        int stalled = _receiveStall.Poll(_status.BytesTx, _status.BytesRx);
        if (stalled >= _options.RxStallPolls)
        {
            Recover(RecoveryStep.PdpReactivate, "receive stalled: the modem kept sending for " + stalled + " polls and received nothing", true);
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

    private bool OnPingLine(AtLine line)
    {
        ModemDecoder.Decode(null, line, _status);
        return ModemDecoder.IsPingComplete(line);
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
}
