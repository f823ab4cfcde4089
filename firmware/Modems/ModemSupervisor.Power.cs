using NfBond.Firmware.At;

namespace NfBond.Firmware.Modems;

// Power sequencing: probing with AT (and hunting for the modem's baud rate), switching the modem on,
// waiting for it to boot, the hardware recovery rungs, and restarts or power-downs the modem did by itself.
public sealed partial class ModemSupervisor
{
    private ProbeReason _probeReason;
    private int _probeFailures;
    private int _baudIndex;

    // A boot URC is expected while booting and while the soft reset rung's restart command runs.
    private bool ExpectsBoot => State == ModemState.Booting || (State == ModemState.Recovering && _ladder.Level == RecoveryStep.SoftReset);

    private void EnterProbing(string cause, ProbeReason reason)
    {
        Transition(ModemState.Probing, ModemEventKind.StateChanged, cause);
        _probeFailures = 0;
        _baudIndex = -1;
        _probeReason = reason;
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
                _engine.Run(_scripts.SetBaud(OnSetBaudDone));
                return;
            }

            EnterConfiguring("modem answers AT");
            return;
        }

        _probeFailures++;
        if (_probeFailures < _options.ProbeTries)
        {
            Wait(ModemWait.ProbeRetry, 1000);
            return;
        }

        if (_probeReason == ProbeReason.AfterBootWait && NextHuntRate())
        {
            _probeFailures = _options.ProbeTries - 1;
            _engine.CancelAll("baud rate changed");
            _engine.Run(_probe);
            return;
        }

        _serial.BaudRate = _options.BaudRate;
        if (_probeReason == ProbeReason.AtStart && (_pins.PowerKey != null || _pins.PowerSwitch != null))
        {
            PowerOn("no answer to AT: switching the modem on");
            return;
        }

        if (_probeReason != ProbeReason.AfterBootWait)
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
        Wait(ModemWait.BaudSettle, 500);
    }

    private void OnBaudSettled()
    {
        _serial.BaudRate = _options.BaudRate;
        _engine.CancelAll("baud rate changed");
        _engine.Run(_probe);
    }

    private void PowerOn(string cause)
    {
        _engine.CancelAll("powering on");
        Transition(ModemState.PoweringOn, ModemEventKind.StateChanged, cause);
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
        Wait(ModemWait.PowerKeyOnPulse, _options.PowerKeyOnPulseMs);
    }

    private void OnPowerKeyOnReleased()
    {
        _pins.PowerKey!.Write(false);
        EnterBooting("power key pulsed");
    }

    private void EnterBooting(string cause)
    {
        Transition(ModemState.Booting, ModemEventKind.StateChanged, cause);
        Wait(ModemWait.Boot, _options.BootTimeoutMs);
    }

    private void OnBootTimeout() => EnterProbing("no boot URC within " + (_options.BootTimeoutMs / 1000) + " s", ProbeReason.AfterBootWait);

    private void OnBootUrc(AtLine line)
    {
        ModemDecoder.Decode(null, line, _status);
        string urc = line.Text;
        if (ExpectsBoot)
        {
            StopWaiting();
            _engine.CancelAll("modem booted");
            EnterConfiguring("boot URC " + urc);
            return;
        }

        if (State == ModemState.Off)
        {
            return;
        }

        _engine.CancelAll("modem restarted");
        if (_reboots.Restarted(_loop.NowMs))
        {
            Hold(RecoveryStep.None, _loop.NowMs + _ladder.MaxResetsPerHour * _options.BackoffInitialMs, "modem restarted " + _options.RebootLoopCount + " times within " + (_options.RebootLoopWindowMs / 1000) + " s without being asked (last during " + StateName(State) + "): supply brown-out suspected; holding off");
            return;
        }

        Event(ModemEventKind.Fault, "modem restarted unexpectedly (" + urc + ") during " + StateName(State));
        EnterConfiguring("reconfiguring after an unexpected restart");
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

    // The rungs above the graceful power-off need the board's control lines.
    private void PulsePowerKeyOff()
    {
        _pins.PowerKey!.Write(true);
        Wait(ModemWait.PowerKeyOffPulse, _options.PowerKeyOffPulseMs);
    }

    private void OnPowerKeyOffReleased()
    {
        _pins.PowerKey!.Write(false);
        Wait(ModemWait.PoweredOff, _options.PowerOffWaitMs);
    }

    private void CutPower()
    {
        if (_pins.PowerSwitch != null)
        {
            _pins.PowerSwitch.Write(false);
            Wait(ModemWait.SupplyOff, _options.HardOffMs);
        }
        else
        {
            _pins.Reset!.Write(true);
            Wait(ModemWait.ResetPulse, _options.ResetPulseMs);
        }
    }

    private void OnSupplyRestored()
    {
        _pins.PowerSwitch!.Write(true);
        if (_pins.PowerKey != null)
        {
            PowerOn("supply restored");
        }
        else
        {
            EnterBooting("supply restored");
        }
    }

    private void OnResetReleased()
    {
        _pins.Reset!.Write(false);
        EnterBooting("reset pulsed");
    }
}
