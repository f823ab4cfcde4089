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
        using PtyRig rig = new(new ModemFaults { BootDelayMs = 400, SimBusyMs = 300, RegistrationDelayMs = 300 }, new SimSettings());
        Eventually.Holds(() => rig.Supervisor.IsDataReady, 30_000, rig.Transcript);
        Assert.Equal(rig.Pty.DevicePath, rig.Serial.PortName);
        rig.Loop.Post(_ => rig.Modem.Faults.Hang = true, null);
        Eventually.Holds(() => !rig.Supervisor.IsDataReady, 10_000, rig.Transcript);
        Eventually.Holds(() => rig.Supervisor.IsDataReady, 60_000, rig.Transcript);
        Assert.Contains(rig.Events, e => e.Contains("power-key cycle"));
        Assert.Equal(2, rig.Modem.Boots);
    }

    [Fact]
    public void The_site_files_sim_settings_reach_the_modem_and_no_secret_leaves_it()
    {
        // A business APN with CHAP credentials and a PIN, as an integrator writes it into the site file.
        string site = """
            {"format":"nfbond-site/1","site":"shop","links":[
              {"name":"fiber","type":"fiber","interface":"eth1","downKbps":100000,"role":"primary"},
              {"name":"lte","type":"lte","interface":"wwan0","downKbps":50000,"role":"backup","modem":"modem1",
               "sim":{"apn":"shop.vodafone.de","pdpType":"IP","user":"shop-4711","password":"s3cret-pass","auth":"chap","pin":"4711"}}]}
            """;
        NfBond.Firmware.Config.SiteReadResult read = NfBond.Firmware.Config.SiteDefinitionReader.Read(site);
        Assert.True(read.Site != null, string.Join("; ", read.Problems.ToArray()));
        PtyRig rig = new(new ModemFaults { BootDelayMs = 400, SimBusyMs = 300, RegistrationDelayMs = 300, SimPin = "4711" }, read.Site!.Links[1].Sim);
        using (rig)
        {
            Eventually.Holds(() => rig.Supervisor.IsDataReady, 30_000, rig.Transcript);
        }

        // Read once the loop has stopped: the simulator records on the loop's thread.
        List<string> sent = rig.Modem.Received;
        List<string> events = rig.Events;

        const string credentials = "AT+QICSGP=1,1,\"shop.vodafone.de\",\"shop-4711\",\"s3cret-pass\",2";
        Assert.Contains("AT+CPIN=\"4711\"", sent);
        Assert.Contains("AT+CGDCONT=1,\"IP\",\"shop.vodafone.de\"", sent);
        Assert.Contains(credentials, sent);
        Assert.True(sent.IndexOf(credentials) < sent.IndexOf("AT+CGACT=1,1"), "the credentials must be set before the context is activated");
        Assert.DoesNotContain(events, e => e.Contains("4711\"", StringComparison.Ordinal) || e.Contains("s3cret", StringComparison.Ordinal));
    }

    /// <summary>A simulated EC25 behind a real pseudo-terminal, supervised over it on a real-time loop.</summary>
    private sealed class PtyRig : IDisposable
    {
        private readonly List<string> _events = [];
        private readonly Thread _thread;

        public PtyRig(ModemFaults faults, SimSettings sim)
        {
            Loop = new EventLoop(new SystemClock());
            Modem = new ModemSimulator(Loop, ModemPersonality.Ec25, faults);
            Pty = new PtyModem(Loop, Modem);
            SimulatedGpioLine key = (SimulatedGpioLine)new SimulatedGpioController(Loop.Clock).OpenOutput(25, false);
            Modem.WirePins(key, null, null);
            Serial = new SerialPortLine(Pty.DevicePath, 115200);
            ModemSupervisorOptions options = new()
            {
                ProbeTimeoutMs = 400, BootTimeoutMs = 2000, PowerOffWaitMs = 300, PollIntervalMs = 300, HuntBaudRates = [115200], PingHost = null, Sim = sim,
            };
            Supervisor = new ModemSupervisor(Loop, Serial, ModemDialects.ForModel("EC25"), new ModemPins { PowerKey = key }, options, "modem1");
            Supervisor.EventRaised += (_, e) =>
            {
                lock (_events)
                {
                    _events.Add($"{e.TimeMs} {ModemSupervisor.StateName(e.State)}: {e.Cause}");
                }
            };
            _thread = new Thread(Loop.Run) { IsBackground = true };
            Loop.Post(_ => Supervisor.Start(), null);
            _thread.Start();
        }

        public EventLoop Loop { get; }

        public ModemSimulator Modem { get; }

        public PtyModem Pty { get; }

        public SerialPortLine Serial { get; }

        public ModemSupervisor Supervisor { get; }

        public List<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public string Transcript => string.Join("\n", Events);

        public void Dispose()
        {
            Loop.Post(_ => Loop.Stop(), null);
            _thread.Join(5000);
            Serial.Dispose();
            Pty.Dispose();
        }
    }
}
