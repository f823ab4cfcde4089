using System;
using NfBond.Firmware.At;

namespace NfBond.Firmware.Modems;

// Recovery: choosing the rung (RecoveryLadder), holding off when the reset cap or the backoff says so,
// taking the rung, and what each rung's result leads to.
public sealed partial class ModemSupervisor
{
    private RecoveryStep _heldStep;
    private string _heldCause = string.Empty;

    // A timeout means the modem went silent: start at the AT retry, whatever the failure's own rung.
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

    // RecoveryStep.None holds without a rung: after the hold the modem is probed afresh.
    private void Hold(RecoveryStep step, long untilMs, string cause)
    {
        StopTimers();
        _engine.CancelAll("held");
        _heldStep = step;
        _heldCause = cause;
        Transition(ModemState.Held, ModemEventKind.Held, cause);
        WaitUntil(ModemWait.Hold, untilMs);
    }

    private void OnHoldOver()
    {
        long now = _loop.NowMs;
        RecoveryStep step = _heldStep;
        if (step == RecoveryStep.None)
        {
            EnterProbing("hold over", ProbeReason.AfterFailure);
            return;
        }

        if (RecoveryLadder.IsReset(step) && _ladder.NextResetAllowedAt(now) > now)
        {
            Hold(step, _ladder.NextResetAllowedAt(now), ResetCapText(now));
            return;
        }

        Take(step, _heldCause);
    }

    private void Take(RecoveryStep step, string cause)
    {
        if (step == RecoveryStep.None || step > RecoveryStep.HardPowerCycle)
        {
            throw new ArgumentException("no recovery rung " + StepName(step));
        }

        StopTimers();
        _engine.CancelAll("recovery: " + StepName(step));
        _ladder.Take(step, _loop.NowMs);
        Transition(ModemState.Recovering, ModemEventKind.Recovery, StepName(step) + " because " + cause);
        switch (step)
        {
            case RecoveryStep.AtRetry:
                EnterProbing("probing after " + StepName(step), ProbeReason.AfterFailure);
                return;
            case RecoveryStep.PdpReactivate:
                _engine.Run(_scripts.PdpReactivate(OnPdpReactivateDone));
                return;
            case RecoveryStep.OperatorReselect:
                _engine.Run(_scripts.Reselect(OnRadioDone));
                return;
            case RecoveryStep.RadioCycle:
                _engine.Run(_scripts.RadioCycle(OnRadioDone));
                return;
            case RecoveryStep.SoftReset:
                _engine.Run(_scripts.SoftReset(OnSoftResetDone));
                return;
            case RecoveryStep.GracefulPowerOff:
                _engine.Run(_scripts.PowerOff(OnPowerOffDone));
                return;
            case RecoveryStep.PowerKeyCycle:
                PulsePowerKeyOff();
                return;
            case RecoveryStep.HardPowerCycle:
                CutPower();
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
        Wait(ModemWait.PoweredOff, script.Succeeded && _dialect.PowerOffUrc != null ? 1000 : _options.PowerOffWaitMs);
    }
}
