using NfBond.Firmware.At;

namespace NfBond.Firmware.Modems;

// SIM and registration: configuring the booted modem, unlocking and identifying the SIM, and waiting for
// the network to register it (with the patience 3GPP's timers need, but not forever).
public sealed partial class ModemSupervisor
{
    private long _simSince;
    private bool _pinTried;
    private bool _pinRejected;
    private long _registeringSince;
    private RegistrationState _badState;
    private long _badSince;

    private void EnterConfiguring(string cause)
    {
        Transition(ModemState.Configuring, ModemEventKind.StateChanged, cause);
        _engine.Run(_scripts.Configure(OnConfigureDone));
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
        Transition(ModemState.SimCheck, ModemEventKind.StateChanged, cause);
        _simSince = _loop.NowMs;
        _pinTried = false;
        _engine.Run(_scripts.SimCheck(OnSimDone));
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
                _engine.Run(_scripts.SimIdentity(OnSimIdentityDone));
                return;
            case SimState.PinRequired:
                UnlockSim();
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
                    Wait(ModemWait.SimRetry, 1000);
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

    // Three wrong PINs lock the SIM, so the configured PIN is sent at most once per SIM check and never
    // again once the SIM rejected it.
    private void UnlockSim()
    {
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
            _engine.Run(_scripts.EnterPin(OnPinDone));
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

        Wait(ModemWait.SimRetry, 1000);
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
        Transition(ModemState.SimFault, ModemEventKind.Fault, cause);
        Wait(ModemWait.SimFaultRecheck, _options.SimFaultRecheckMs);
    }

    private void OnSimUrc(AtLine line)
    {
        int update = ModemDecoder.Decode(null, line, _status);
        if (State == ModemState.SimFault && (update & ModemUpdate.SimInserted) != 0)
        {
            StopWaiting();
            EnterSimCheck("SIM inserted");
        }
    }

    private void EnterRegistering(string cause)
    {
        Transition(ModemState.Registering, ModemEventKind.StateChanged, cause);
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
                _engine.Run(_scripts.Cause());
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
}
