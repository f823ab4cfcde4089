using NfBond.Firmware.At;
using NfBond.Firmware.Modems;
using NfBond.Simulation.Modems;

namespace NfBond.Modem.Tests;

/// <summary>The supervisor's explicit states and waits, and the vendor URCs its dialect table routes.</summary>
public class SupervisorStateTests
{
    [Fact]
    public void Every_wait_of_a_cold_start_is_a_named_state_and_data_ready_waits_for_nothing()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25);
        HashSet<(ModemState, ModemWait)> seen = [];
        rig.Supervisor.Start();
        long start = rig.Clock.NowMs;
        while (!rig.Supervisor.IsDataReady)
        {
            Assert.True(rig.Clock.NowMs - start < 60_000, rig.Transcript);
            seen.Add((rig.Supervisor.State, rig.Supervisor.Waiting));
            rig.Loop.RunFor(rig.Clock, 10);
        }

        rig.RunFor(30_000);
        Assert.Contains((ModemState.PoweringOn, ModemWait.PowerKeyOnPulse), seen);
        Assert.Contains((ModemState.Booting, ModemWait.Boot), seen);
        Assert.Equal(ModemWait.None, rig.Supervisor.Waiting);
        Assert.DoesNotContain(seen, s => s.Item2 == ModemWait.Hold || s.Item2 == ModemWait.SupplyOff);
    }

    [Fact]
    public void A_modem_that_finishes_booting_after_supervision_stopped_is_left_alone()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25);
        rig.Supervisor.Start();
        rig.RunUntil(() => rig.Supervisor.State == ModemState.Booting, 60_000);
        rig.Supervisor.Stop();
        int sent = rig.Modem.Received.Count;

        rig.RunFor(120_000);

        // It reconfigured the modem on the boot URC and went on to data ready before.
        Assert.True(rig.Modem.IsBooted, rig.Transcript);
        Assert.Equal(ModemState.Off, rig.Supervisor.State);
        Assert.Equal(sent, rig.Modem.Received.Count);
        Assert.Equal("supervision stopped", rig.Events[^1].Cause);
    }

    [Fact]
    public void A_sim_put_in_while_faulted_is_taken_at_its_insertion_urc_not_at_the_next_recheck()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { SimMissing = true });
        rig.Supervisor.Start();
        rig.RunUntil(() => rig.Supervisor.State == ModemState.SimFault, 60_000);
        Assert.Equal(ModemWait.SimFaultRecheck, rig.Supervisor.Waiting);
        rig.RunFor(5_000);

        rig.Modem.InsertSim();
        long took = rig.RunUntilDataReady(60_000);

        // The recheck would have come 60 s after the fault.
        Assert.InRange(took, 0, 15_000);
        Assert.Contains(rig.Events, e => e.Cause == "SIM inserted" && e.State == ModemState.SimCheck);
        Assert.DoesNotContain(rig.Events, e => e.Kind == ModemEventKind.Recovery);
        Assert.Equal(1, rig.Modem.Boots);
    }

    [Fact]
    public void Quectels_own_pdp_deactivation_urc_is_repaired_like_the_standard_one()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25);
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);

        rig.Modem.SendUrc("+QIURC: \"pdpdeact\",1");
        rig.RunUntil(() => !rig.Supervisor.IsDataReady, 1000);
        rig.RunUntilDataReady(10_000);

        Assert.Contains(rig.Events, e => e.Kind == ModemEventKind.Recovery && e.Step == RecoveryStep.PdpReactivate && e.Cause.Contains("+QIURC: \"pdpdeact\",1", StringComparison.Ordinal));
    }

    [Fact]
    public void Sim_status_urc_decodes_removal_and_flags_insertion()
    {
        ModemStatus status = new() { Sim = SimState.Ready };
        AtLine line = new(64);

        line.Set("+QSIMSTAT: 1,1");
        Assert.Equal(ModemUpdate.SimInserted, ModemDecoder.Decode(null, line, status));
        Assert.Equal(SimState.Ready, status.Sim);

        line.Set("+QSIMSTAT: 1,0");
        Assert.Equal(ModemUpdate.Sim, ModemDecoder.Decode(null, line, status));
        Assert.Equal(SimState.NotInserted, status.Sim);

        line.Set("+QSIMSTAT: 1,2");
        Assert.Equal(ModemUpdate.None, ModemDecoder.Decode(null, line, status));
    }

    [Fact]
    public void Reboot_loop_is_the_configured_count_of_restarts_within_the_window()
    {
        RebootLoopDetector detector = new(3, 600_000);
        Assert.False(detector.Restarted(0));
        Assert.False(detector.Restarted(100_000));
        Assert.True(detector.Restarted(600_000));
        // The oldest of the last three is now 100 s: 800 s is outside its window.
        Assert.False(detector.Restarted(800_000));
        Assert.True(detector.Restarted(900_000));
    }

    [Fact]
    public void Receive_stall_counts_polls_that_sent_without_receiving_and_ignores_unknown_counters()
    {
        ReceiveStallDetector stall = new();
        stall.Reset(1000, 5000);
        Assert.Equal(1, stall.Poll(1200, 5000));
        Assert.Equal(1, stall.Poll(-1, -1));
        Assert.Equal(2, stall.Poll(1400, 5000));
        Assert.Equal(0, stall.Poll(1500, 5100));
        Assert.Equal(0, stall.Poll(1500, 5100));
        stall.Reset(-1, -1);
        Assert.Equal(0, stall.Poll(1600, 5100));
    }
}
