using NfBond.Firmware.At;

namespace NfBond.Firmware.Modems;

// The data session: activating PDP context 1 with the SIM's APN, the network ending it, and entering
// "data ready" (after the first attach or a reactivation).
public sealed partial class ModemSupervisor
{
    private void EnterAttaching(string cause)
    {
        _poll.Stop();
        Transition(ModemState.Attaching, ModemEventKind.StateChanged, cause);
        _engine.Run(_scripts.Attach(OnAttachDone));
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
        Transition(ModemState.DataReady, ModemEventKind.StateChanged, cause);
        _lostSince = -1;
        _pingFailures = 0;
        _receiveStall.Reset(_status.BytesTx, _status.BytesRx);
        _poll.StartPeriodic(_options.PollIntervalMs);
        _engine.Run(_steady);
        if (_pingScript != null)
        {
            _ping.StartPeriodic(_options.PingIntervalMs);
        }

        _stable.Start(_options.StableMs);
    }
}
