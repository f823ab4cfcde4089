using NfBond.Firmware.Modems;
using NfBond.Simulation.Modems;

namespace NfBond.Modem.Tests;

public sealed class SupervisorTests
{
    [Theory]
    [InlineData("ec25", "EC25")]
    [InlineData("rm500q", "RM500Q")]
    [InlineData("sim7600", "SIM7600")]
    public void Cold_start_reaches_data_ready_and_decodes_the_modem(string personality, string model)
    {
        SupervisorRig rig = new(ModemPersonality.ByName(personality), model: model);
        rig.Supervisor.Start();
        long took = rig.RunUntilDataReady(60_000);

        ModemStatus s = rig.Supervisor.Status;
        Assert.InRange(took, 10_000, 30_000);
        Assert.Equal("867698041234567", s.Imei);
        Assert.Equal("262019876543210", s.Imsi);
        Assert.Equal("8949020000123456789", s.Iccid);
        Assert.Equal(rig.Modem.Personality.Model, s.Model);
        Assert.Contains(rig.Modem.Personality.Revision, s.Revision);
        Assert.Equal(RegistrationState.Home, s.Registration);
        Assert.Equal((262, 1, 2), (s.Mcc, s.Mnc, s.MncDigits));
        Assert.Equal("10.64.12.7", s.PdpAddress);

        rig.RunFor(30_000);
        Assert.True(rig.Supervisor.IsDataReady, rig.Transcript);
        Assert.Equal(personality == "sim7600" ? -65 : -71, s.RssiDbm);
        Assert.Equal(personality == "sim7600" ? -95 : personality == "rm500q" ? -92 : -95, s.RsrpDbm);
        Assert.True(rig.Supervisor.PollCycles >= 3, $"{rig.Supervisor.PollCycles} polls; {rig.Supervisor.Engine.LinesReceived} lines; {rig.Modem.Commands} commands");
        Assert.Equal(1, rig.Modem.Boots);
        // Each identity question once per start (AT+CGMI was sent twice on modems without 5G).
        foreach (string identity in new[] { "AT+CGMI", "AT+CGMM", "AT+CGSN" })
        {
            Assert.Single(rig.Modem.Received, c => c == identity);
        }
    }

    [Fact]
    public void Hung_modem_is_revived_by_the_power_key_within_two_minutes()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25);
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);
        rig.Modem.Faults.Hang = true;
        long hungAt = rig.Clock.NowMs;

        rig.RunUntil(() => !rig.Supervisor.IsDataReady, 30_000);
        long recovered = rig.RunUntilDataReady(180_000);

        Assert.InRange(rig.Clock.NowMs - hungAt, 30_000, 120_000);
        Assert.Contains(rig.Events, e => e.Kind == ModemEventKind.Recovery && e.Step == RecoveryStep.PowerKeyCycle);
        Assert.DoesNotContain(rig.Events, e => e.Kind == ModemEventKind.Recovery && e.Step is RecoveryStep.PdpReactivate or RecoveryStep.SoftReset);
        Assert.Equal(2, rig.Modem.Boots);
    }

    [Fact]
    public void Garbage_bytes_on_the_uart_do_not_disturb_supervision()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { GarbageBytes = 40 });
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);
        rig.RunFor(120_000);

        Assert.True(rig.Supervisor.IsDataReady);
        Assert.True(rig.Supervisor.Engine.NoiseBytes > 1000);
        Assert.DoesNotContain(rig.Events, e => e.Kind == ModemEventKind.Fault);
    }

    [Fact]
    public void Sim_busy_after_boot_is_waited_out()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { SimBusyMs = 9000 });
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);

        Assert.DoesNotContain(rig.Events, e => e.Kind is ModemEventKind.Fault or ModemEventKind.Recovery);
    }

    [Fact]
    public void Sim_failure_then_ready_is_waited_out()
    {
        SupervisorRig rig = new(ModemPersonality.Sim7600, new ModemFaults { SimFailureMs = 6000 }, model: "A7670");
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);

        // Waited out: no recovery step, no second boot, and the SIM was asked again until it answered READY.
        Assert.DoesNotContain(rig.Events, e => e.Kind == ModemEventKind.Recovery);
        Assert.Equal(1, rig.Modem.Boots);
        Assert.True(rig.Modem.Received.Count(c => c == "AT+CPIN?") >= 2, string.Join(", ", rig.Modem.Received));
    }

    [Fact]
    public void Missing_sim_is_reported_and_never_causes_a_reset()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { SimMissing = true });
        rig.Supervisor.Start();
        rig.RunFor(2 * 3600_000);

        Assert.Equal(ModemState.SimFault, rig.Supervisor.State);
        Assert.Contains(rig.Events, e => e.Cause == "SIM not inserted");
        Assert.Equal(1, rig.Modem.Boots);
        Assert.DoesNotContain(rig.Events, e => e.Kind == ModemEventKind.Recovery);
    }

    [Fact]
    public void Configured_pin_unlocks_the_sim()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { SimPin = "4711" }, new ModemSupervisorOptions { Sim = new SimSettings { Pin = "4711" } });
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);

        Assert.Single(rig.Modem.Received, c => c == "AT+CPIN=\"4711\"");
        Assert.DoesNotContain(rig.Events, e => e.Kind is ModemEventKind.Fault or ModemEventKind.Recovery);
    }

    [Fact]
    public void Wrong_pin_is_sent_once_and_reported()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { SimPin = "4711" }, new ModemSupervisorOptions { Sim = new SimSettings { Pin = "1234" } });
        rig.Supervisor.Start();
        rig.RunFor(3 * 3600_000);

        Assert.Equal(ModemState.SimFault, rig.Supervisor.State);
        // The PIN never appears in an event: they go into the event log and telemetry (it did before).
        Assert.Contains(rig.Events, e => e.Cause == "SIM rejected the configured PIN (AT+CPIN=<secret>: incorrect password); not retrying (three wrong PINs lock the SIM)");
        Assert.Equal(1, rig.Events.Count(e => e.Cause.StartsWith("SIM rejected")));
        Assert.DoesNotContain(rig.Events, e => e.Cause.Contains("1234", StringComparison.Ordinal));
        Assert.Single(rig.Modem.Received, c => c == "AT+CPIN=\"1234\"");
    }

    [Fact]
    public void Registration_denied_is_cleared_by_a_radio_cycle_and_the_cause_is_reported()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { RegistrationDenied = true });
        rig.Supervisor.Start();
        long took = rig.RunUntilDataReady(120_000);

        ModemEvent fault = Assert.Single(rig.Events, e => e.Kind == ModemEventKind.Fault);
        Assert.StartsWith("registration denied for 10 s (+CEREG: stat 3); modem says: EMM reject cause 11: PLMN not allowed", fault.Cause, StringComparison.Ordinal);
        Assert.Contains(rig.Events, e => e.Kind == ModemEventKind.Recovery && e.Step == RecoveryStep.RadioCycle);
        Assert.InRange(took, 20_000, 60_000);
    }

    [Fact]
    public void Registered_but_no_data_is_fixed_by_pdp_reactivation()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, options: new ModemSupervisorOptions { PingIntervalMs = 30_000 });
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);
        rig.Modem.Faults.NoData = true;
        long brokeAt = rig.Clock.NowMs;

        rig.RunUntil(() => rig.Events.Any(e => e.Step == RecoveryStep.PdpReactivate && e.Kind == ModemEventKind.Recovery), 120_000);
        rig.RunUntilDataReady(60_000);

        ModemEvent fault = rig.Events.Last(e => e.Kind == ModemEventKind.Fault);
        Assert.Contains("registered but no data", fault.Cause);
        Assert.InRange(fault.TimeMs - brokeAt, 30_000, 90_000);
        rig.RunFor(120_000);
        Assert.True(rig.Supervisor.IsDataReady);
    }

    [Fact]
    public void No_data_that_only_a_power_cycle_fixes_climbs_the_ladder()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, options: new ModemSupervisorOptions { PingIntervalMs = 30_000 });
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);
        rig.Modem.Faults.NoData = true;
        rig.Modem.Faults.NoDataNeedsPowerCycle = true;

        rig.RunFor(20 * 60_000);

        Assert.True(rig.Supervisor.IsDataReady);
        RecoveryStep[] steps = rig.Events.Where(e => e.Kind == ModemEventKind.Recovery).Select(e => e.Step).ToArray();
        Assert.Equal([RecoveryStep.PdpReactivate, RecoveryStep.RadioCycle, RecoveryStep.SoftReset], steps);
        Assert.False(rig.Modem.Faults.NoData);
    }

    [Fact]
    public void Network_pdn_deactivation_is_repaired_within_seconds()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25);
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);
        rig.Modem.DropDataSession();

        rig.RunUntil(() => !rig.Supervisor.IsDataReady, 1000);
        long took = rig.RunUntilDataReady(10_000);
        Assert.InRange(took, 500, 5000);
        Assert.Contains(rig.Events, e => e.Cause == "network ended the data session (+CGEV: NW PDN DEACT 1)");
    }

    [Fact]
    public void Reboot_mid_command_is_noticed_and_the_modem_reconfigured()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25);
        rig.Supervisor.Start();
        rig.RunUntilDataReady(60_000);
        rig.Modem.Faults.RebootOnNextCommand = true;

        rig.RunUntil(() => !rig.Supervisor.IsDataReady, 30_000);
        rig.RunUntilDataReady(60_000);
        Assert.True(rig.Events.Any(e => e.Cause.StartsWith("boot URC RDY") && e.TimeMs > 30_000), rig.Transcript);
        Assert.DoesNotContain(rig.Events, e => e.Kind == ModemEventKind.Recovery && RecoveryLadder.IsReset(e.Step));
        Assert.Equal(2, rig.Modem.Boots);
    }

    [Theory]
    [InlineData(19_000, false)]
    [InlineData(12_000, true)]
    public void Slow_boot_and_missing_boot_urc_still_reach_data_ready(long bootMs, bool noRdy)
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { BootDelayMs = bootMs, NoBootUrc = noRdy });
        rig.Supervisor.Start();
        rig.RunUntilDataReady(90_000);
        Assert.Equal(1, rig.Modem.Boots);
    }

    [Fact]
    public void Modem_left_at_the_wrong_baud_rate_is_found_and_set_back()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25);
        rig.Modem.BaudRate = 9600;
        rig.Modem.PowerUp();
        rig.RunFor(20_000);
        rig.Supervisor.Start();
        rig.RunUntilDataReady(180_000);

        Assert.Equal(115200, rig.Modem.BaudRate);
        Assert.Equal(115200, rig.Line.BaudRate);
        Assert.Contains(rig.Events, e => e.Cause == "modem was at 9600 baud; set it to 115200");
    }

    [Fact]
    public void Reset_loop_on_attach_is_reported_as_brown_out_and_held()
    {
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { BrownOutOnAttach = true });
        rig.Supervisor.Start();
        rig.RunUntil(() => rig.Supervisor.State == ModemState.Held, 600_000);

        Assert.Contains("supply brown-out suspected", rig.Events.Last().Cause);
        int boots = rig.Modem.Boots;
        rig.RunFor(60_000);
        Assert.Equal(boots, rig.Modem.Boots);
    }

    [Fact]
    public void Dead_modem_over_a_day_never_exceeds_the_reset_cap()
    {
        ModemSupervisorOptions options = new() { MaxResetsPerHour = 4 };
        SupervisorRig rig = new(ModemPersonality.Ec25, new ModemFaults { Dead = true }, options);
        rig.Supervisor.Start();
        rig.RunFor(24 * 3600_000L);

        List<long> resets = rig.Events.Where(e => e.Kind == ModemEventKind.Recovery && RecoveryLadder.IsReset(e.Step)).Select(e => e.TimeMs).ToList();
        Assert.True(resets.Count >= 10, $"only {resets.Count} resets in a day:\n{rig.Transcript}");
        for (int i = 0; i < resets.Count; i++)
        {
            int inHour = resets.Count(t => t >= resets[i] && t < resets[i] + 3600_000);
            Assert.True(inHour <= 4, $"{inHour} resets in the hour from {resets[i]} ms");
        }

        Assert.Contains(rig.Events, e => e.Kind == ModemEventKind.Held && e.Cause.Contains("max 4"));
        Assert.NotEqual(ModemState.DataReady, rig.Supervisor.State);
    }
}
