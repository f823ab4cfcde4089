using NfBond.Firmware.Modems;
using NfBond.Firmware.Runtime;
using NfBond.Hal.Linux;
using NfBond.Simulation;
using NfBond.Simulation.Modems;

namespace NfBond.Modem.Tests;

/// <summary>Simulator and supervisor in real time, talking through a real pseudo-terminal opened with System.IO.Ports.</summary>
public sealed class PtyEndToEndTests
{
    [Fact]
    public void Supervisor_over_a_real_serial_device_reaches_data_ready_and_recovers_from_a_hang()
    {
        EventLoop loop = new(new SystemClock());
        ModemSimulator modem = new(loop, ModemPersonality.Ec25, new ModemFaults { BootDelayMs = 400, SimBusyMs = 300, RegistrationDelayMs = 300 });
        using PtyModem pty = new(loop, modem);
        SimulatedGpioController gpio = new(loop.Clock);
        SimulatedGpioLine key = (SimulatedGpioLine)gpio.OpenOutput(25, false);
        modem.WirePins(key, null, null);
        using SerialPortLine serial = new(pty.DevicePath, 115200);
        ModemSupervisorOptions options = new()
        {
            ProbeTimeoutMs = 400, BootTimeoutMs = 2000, PowerOffWaitMs = 300, PollIntervalMs = 300,
            HuntBaudRates = [115200], PingHost = null,
        };
        ModemSupervisor supervisor = new(loop, serial, ModemDialects.ForModel("EC25"), new ModemPins { PowerKey = key }, options, pty.DevicePath);
        List<string> events = [];
        supervisor.EventRaised += (_, e) => events.Add($"{e.TimeMs} {ModemSupervisor.StateName(e.State)}: {e.Cause}");
        Thread thread = new(loop.Run) { IsBackground = true };
        loop.Post(_ => supervisor.Start(), null);
        thread.Start();
        try
        {
            Eventually.Holds(() => supervisor.IsDataReady, 30_000, string.Join("\n", events));
            Assert.Equal(pty.DevicePath, serial.PortName);
            loop.Post(_ => modem.Faults.Hang = true, null);
            Eventually.Holds(() => !supervisor.IsDataReady, 10_000, string.Join("\n", events));
            Eventually.Holds(() => supervisor.IsDataReady, 60_000, string.Join("\n", events));
            Assert.Contains(events, e => e.Contains("power-key cycle"));
            Assert.Equal(2, modem.Boots);
        }
        finally
        {
            loop.Post(_ => loop.Stop(), null);
            thread.Join(5000);
        }
    }

    [Fact]
    public void The_site_files_sim_settings_reach_the_modem_and_no_secret_leaves_it()
    {
        // A Vodafone business APN with CHAP credentials and a PIN, as an integrator writes it into the site file.
        string site = """
            {"format":"nfbond-site/1","site":"shop","links":[
              {"name":"fiber","type":"fiber","interface":"eth1","downKbps":100000,"role":"primary"},
              {"name":"lte","type":"lte","interface":"wwan0","downKbps":50000,"role":"backup","modem":"modem1",
               "sim":{"apn":"shop.vodafone.de","pdpType":"IP","user":"shop-4711","password":"s3cret-pass","auth":"chap","pin":"4711"}}]}
            """;
        NfBond.Firmware.Config.SiteReadResult read = NfBond.Firmware.Config.SiteDefinitionReader.Read(site);
        Assert.True(read.Site != null, string.Join("; ", read.Problems.ToArray()));
        EventLoop loop = new(new SystemClock());
        ModemSimulator modem = new(loop, ModemPersonality.Ec25, new ModemFaults { BootDelayMs = 400, SimBusyMs = 300, RegistrationDelayMs = 300, SimPin = "4711" });
        using PtyModem pty = new(loop, modem);
        SimulatedGpioController gpio = new(loop.Clock);
        SimulatedGpioLine key = (SimulatedGpioLine)gpio.OpenOutput(25, false);
        modem.WirePins(key, null, null);
        using SerialPortLine serial = new(pty.DevicePath, 115200);
        ModemSupervisorOptions options = new()
        {
            ProbeTimeoutMs = 400, BootTimeoutMs = 2000, PowerOffWaitMs = 300, PollIntervalMs = 300, HuntBaudRates = [115200], PingHost = null,
            Sim = read.Site!.Links[1].Sim,
        };
        ModemSupervisor supervisor = new(loop, serial, ModemDialects.ForModel("EC25"), new ModemPins { PowerKey = key }, options, "modem1");
        List<string> events = [];
        supervisor.EventRaised += (_, e) => events.Add($"{e.TimeMs} {ModemSupervisor.StateName(e.State)}: {e.Cause}");
        Thread thread = new(loop.Run) { IsBackground = true };
        loop.Post(_ => supervisor.Start(), null);
        thread.Start();
        try
        {
            Eventually.Holds(() => supervisor.IsDataReady, 30_000, string.Join("\n", events));
        }
        finally
        {
            loop.Post(_ => loop.Stop(), null);
            thread.Join(5000);
        }

        List<string> sent = [.. modem.Received];
        Assert.Contains("AT+CPIN=\"4711\"", sent);
        Assert.Contains("AT+CGDCONT=1,\"IP\",\"shop.vodafone.de\"", sent);
        Assert.Contains("AT+QICSGP=1,1,\"shop.vodafone.de\",\"shop-4711\",\"s3cret-pass\",2", sent);
        Assert.True(sent.IndexOf("AT+QICSGP=1,1,\"shop.vodafone.de\",\"shop-4711\",\"s3cret-pass\",2") < sent.IndexOf("AT+CGACT=1,1"), "the credentials must be set before the context is activated");
        Assert.DoesNotContain(events, e => e.Contains("4711\"", StringComparison.Ordinal) || e.Contains("s3cret", StringComparison.Ordinal));
    }
}
