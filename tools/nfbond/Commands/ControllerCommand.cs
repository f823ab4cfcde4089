using System.CommandLine;
using NfBond.Cli.Hosting;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Hal.Linux;
using NfBond.Simulation;
using NfBond.Simulation.Network;

namespace NfBond.Cli.Commands;

/// <summary>
/// <c>nfbond controller</c>: a whole controller. With <c>--sim</c> on simulated modems, links and board
/// (the built-in example site when no <c>--config</c> is given); without it, on this Linux router's real
/// networking. With <c>--broker</c> it reports to the fleet over MQTT and accepts signed commands.
/// </summary>
public static class ControllerCommand
{
    private const string ExampleBoardResource = "esp32-devkitc-2modem.json";
    private const string ExampleSiteResource = "site-bakery.json";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<bool> sim = new("--sim") { Description = "simulated modems, links and board" };
        Option<FileInfo?> board = new("--board") { Description = "board definition: with --sim the simulated board (default: the built-in ESP32-DevKitC with two modems); on Linux, which serial port each modem is on" };
        Option<FileInfo?> config = new("--config") { Description = "site file (default with --sim: built-in example, fiber primary + LTE backup)" };
        Option<string?> broker = new("--broker") { Description = "report to this MQTT broker: mqtt://host:port or mqtts://host:port" };
        Option<string> siteId = new("--site") { Description = "site ID in topics (default: the site file's name)" };
        Option<string> deviceId = new("--device") { Description = "device ID (MQTT client ID and user name)", DefaultValueFactory = _ => Environment.MachineName.ToLowerInvariant() };
        Option<FileInfo?> brokerCa = new("--broker-ca") { Description = "with an mqtts:// broker: the CA certificate (PEM) its certificate must chain to, e.g. the aggregator's tls/ca.pem (default: the system's roots)" };
        Option<string?> username = new("--username") { Description = "MQTT user name (default: anonymous)" };
        Option<string?> password = new("--password") { Description = "MQTT password" };
        Option<string?> secret = new("--secret") { Description = "per-device command secret, hex (commands are rejected without it)" };
        Option<int> mqttVersion = new("--mqtt-version") { Description = "4 (MQTT 3.1.1) or 5", DefaultValueFactory = _ => 5 };
        Option<double> stateInterval = new("--state-interval") { Description = "seconds between state snapshots", DefaultValueFactory = _ => 30 };
        Option<double> outageEvery = new("--sim-outage-every") { Description = "with --sim: cut the first link for 5 s every this many seconds (demonstrates failover events)" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: run until Ctrl+C)" };
        Option<bool> simPair = new("--sim-pair") { Description = "with --sim: two controllers of the site in a VRRP pair (a: priority 150, b: 100); --sim-outage-every then fails all of a's links for 15 s" };
        Option<bool> virtualTime = new("--virtual") { Description = "with --sim: run the given --seconds on a virtual clock, as fast as the CPU allows (no broker)" };
        Option<string?> bondServer = new("--bond-server") { Description = "on Linux: bond the site's links into a tunnel to this server, ADDRESS:PORT as reached over every link (root); the tunnel carries on the links the steering plan gives a weight, paced at each link's upKbps (the site file's upload rate; downKbps when not given)" };
        Option<uint> bondSession = new("--bond-session") { Description = "with --bond-server: the site's session number (the server's --site SESSION)" };
        Option<string?> bondKey = new("--bond-key") { Description = "with --bond-server: file with the site's key (64 hex digits; nfbond bond key)" };
        Option<string> bondTun = new("--bond-tun") { Description = "with --bond-server: the TUN interface", DefaultValueFactory = _ => "bond0" };
        Option<string> bondAddress = new("--bond-address") { Description = "with --bond-server: the tunnel address with prefix", DefaultValueFactory = _ => "10.99.0.2/30" };
        Command command = new("controller", "Run a controller: simulated (--sim) or on this Linux router, optionally reporting to an MQTT broker.")
        {
            sim, board, config, broker, brokerCa, siteId, deviceId, username, password, secret, mqttVersion, stateInterval, outageEvery, simPair, seconds, virtualTime,
            bondServer, bondSession, bondKey, bondTun, bondAddress,
        };
        command.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            bool simulated = result.GetValue(sim);
            FileInfo? configFile = result.GetValue(config);
            if (!simulated && configFile == null)
            {
                error.WriteLine("nfbond controller: give --sim for a simulated controller, or --config site.json to run on this Linux router");
                return NfBondCli.BadInput;
            }

            double runSeconds = result.GetValue(seconds);
            bool useVirtual = result.GetValue(virtualTime);
            string? brokerUri = result.GetValue(broker);
            if (runSeconds < 0 || (useVirtual && runSeconds <= 0))
            {
                error.WriteLine($"nfbond controller: --seconds {runSeconds} is not allowed; give a positive number{(useVirtual ? " with --virtual" : " or leave it out")}");
                return NfBondCli.BadInput;
            }

            if (useVirtual && (brokerUri != null || !simulated))
            {
                error.WriteLine("nfbond controller: --virtual needs --sim and no --broker (a broker lives in real time)");
                return NfBondCli.BadInput;
            }

            SiteReadResult site = configFile != null ? ConfigCommand.Load(configFile, error) : SiteDefinitionReader.Read(Resource(ExampleSiteResource));
            if (site.Site == null)
            {
                return NfBondCli.BadInput;
            }

            TelemetryOptions? telemetry = null;
            if (brokerUri != null)
            {
                telemetry = Telemetry(brokerUri, result.GetValue(siteId) ?? site.Site.Name, result.GetValue(deviceId)!, result.GetValue(username), result.GetValue(password),
                    result.GetValue(secret), result.GetValue(mqttVersion), result.GetValue(stateInterval), result.GetValue(brokerCa), error);
                if (telemetry == null)
                {
                    return NfBondCli.BadInput;
                }

                telemetry.ConfigHash = SiteFileHash.Of(configFile != null ? File.ReadAllText(configFile.FullName) : Resource(ExampleSiteResource));
            }

            FileInfo? boardFile = result.GetValue(board);
            BoardReadResult boardRead = boardFile != null ? BoardCommand.Load(boardFile, error) : BoardDefinitionReader.Read(Resource(ExampleBoardResource));
            if (boardRead.Board == null)
            {
                return NfBondCli.BadInput;
            }

            BondCommand.SiteBond? bond = null;
            if (result.GetValue(bondServer) is string bondTo)
            {
                List<string> problems = [];
                bond = simulated ? null : BondCommand.ParseSiteBond(bondTo, result.GetValue(bondSession), result.GetValue(bondKey), result.GetValue(bondTun)!, result.GetValue(bondAddress)!, problems);
                if (simulated)
                {
                    problems.Add("--bond-server needs a Linux router (leave out --sim)");
                }

                if (bond == null)
                {
                    problems.ForEach(p => error.WriteLine("nfbond controller: " + p));
                    return NfBondCli.BadInput;
                }
            }

            try
            {
                return simulated
                    ? RunSimulated(boardRead.Board, site.Site, telemetry, configFile?.FullName, runSeconds, useVirtual, result.GetValue(outageEvery), result.GetValue(simPair), output)
                    : RunLinux(site.Site, boardFile != null ? boardRead.Board : s_linuxHostBoard, telemetry, configFile!.FullName, runSeconds, bond, output);
            }
            catch (ArgumentException ex)
            {
                error.WriteLine("nfbond controller: " + ex.Message + (!simulated && boardFile == null ? "; give --board with a modem port of that name" : string.Empty));
                return NfBondCli.BadInput;
            }
        });
        return command;
    }

    /// <summary>Builds telemetry options from command-line values.</summary>
    /// <returns>The options, or null after reporting a problem.</returns>
    private static TelemetryOptions? Telemetry(string uri, string site, string device, string? user, string? password, string? secretHex, int version, double stateSeconds, FileInfo? caFile, TextWriter error)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || (parsed.Scheme != "mqtt" && parsed.Scheme != "mqtts"))
        {
            error.WriteLine($"nfbond controller: --broker \"{uri}\" is not allowed; mqtt://host:port or mqtts://host:port");
            return null;
        }

        if (version != 4 && version != 5)
        {
            error.WriteLine($"nfbond controller: --mqtt-version {version} is not allowed; 4 (MQTT 3.1.1) or 5");
            return null;
        }

        byte[]? secret = secretHex == null ? [] : NfBond.Firmware.Text.Utf8.FromHex(secretHex);
        if (secret == null)
        {
            error.WriteLine("nfbond controller: --secret must be hex digits (an even number of them)");
            return null;
        }

        bool tls = parsed.Scheme == "mqtts";
        if (caFile != null && (!tls || !caFile.Exists))
        {
            error.WriteLine(tls ? $"nfbond controller: --broker-ca {caFile.FullName} does not exist" : "nfbond controller: --broker-ca needs an mqtts:// broker");
            return null;
        }

        return new TelemetryOptions
        {
            Site = site,
            Device = device,
            Secret = secret,
            StateIntervalMs = (int)(stateSeconds * 1000),
            Broker = new MqttConnectOptions
            {
                Host = parsed.Host,
                Port = parsed.Port > 0 ? parsed.Port : tls ? 8883 : 1883,
                UseTls = tls,
                CaCertificate = caFile != null ? File.ReadAllText(caFile.FullName) : "",
                Username = user,
                Password = password,
                ProtocolVersion = version,
            },
        };
    }

    // A Linux router without --board: no modem ports, so a modem link asks for the board that has it.
    private static readonly BoardDefinition s_linuxHostBoard = new("linux-host", "Linux router without modem ports (give --board for modems)", "linux", 0, true, []);

    private static int RunLinux(SiteDefinition site, BoardDefinition board, TelemetryOptions? telemetry, string configPath, double seconds, BondCommand.SiteBond? bond, TextWriter output)
    {
        EventLoop loop = new(new SystemClock());
        EventLog log = Log(loop.Clock, output);
        FileStorage storage = FileStorage.ForSiteFile(configPath);
        // The tunnel outlives a restarted controller: its TUN interface and the LAN's route into it stay.
        using Hal.Linux.Bonding.BondClient? client = bond == null ? null : BondCommand.OpenSiteBond(site, bond, Path.Combine(Path.GetDirectoryName(configPath)!, $"bond-{bond.Session}.counter"), line => loop.Post(_ => log.Add("bond", line), null));
        ControllerHost host = new(loop, board, site, restart => new LinuxPlatform(site, storage, telemetry != null, restart, bond: client), telemetry, log, output);
        RunRealTime(loop, host.Start, host.Stop, seconds);
        return 0;
    }

    private static int RunSimulated(BoardDefinition board, SiteDefinition site, TelemetryOptions? telemetry, string? configPath, double seconds, bool useVirtual, double outageEvery, bool pair, TextWriter output)
    {
        VirtualClock? virtualClock = useVirtual ? new VirtualClock() : null;
        IClock clock = virtualClock ?? (IClock)new SystemClock();
        EventLoop loop = new(clock);
        EventLog log = Log(clock, output);
        loop.FaultHandler = (source, ex) => log.Add("loop", $"callback {source} failed: {ex.Message}");
        IStorage storage = configPath != null ? FileStorage.ForSiteFile(configPath) : new MemoryStorage();
        List<ControllerHost> hosts = [];
        List<SimulatedNetwork> networks = [];
        if (pair)
        {
            // Two controllers of one site on one LAN: "a" is master by priority until its links fail.
            SimulatedVrrpSegment segment = new(loop);
            SiteDefinition[] sites = [WithPair(site, 150), WithPair(site, 100)];
            for (int i = 0; i < 2; i++)
            {
                SimulatedNetwork network = new(loop, seed: i + 1);
                uint address = 0xC0A80102u + (uint)i;
                TelemetryOptions? own = telemetry == null ? null : Copy(telemetry, telemetry.Device + (i == 0 ? "-a" : "-b"));
                hosts.Add(new ControllerHost(loop, board, sites[i], restart => new SimulatedPlatform(loop, network, i == 0 ? storage : new MemoryStorage(), new SystemWallClock(),
                    own != null ? new MqttNetClient() : null, restart, segment, address), own, log, output) { Name = i == 0 ? "a" : "b" });
                networks.Add(network);
            }
        }
        else
        {
            SimulatedNetwork network = new(loop);
            hosts.Add(new ControllerHost(loop, board, site, restart => new SimulatedPlatform(loop, network, storage, new SystemWallClock(),
                telemetry != null ? new MqttNetClient() : null, restart), telemetry, log, output));
            networks.Add(network);
        }

        if (outageEvery > 0)
        {
            // Single controller: the first link fails for 5 s. Pair: every link of the master's ("a") fails.
            string[] cut = pair ? site.Links.Select(l => l.Interface).ToArray() : [site.Links[0].Interface];
            SimulatedNetwork network = networks[0];
            LoopTimer repair = new(loop, _ => Array.ForEach(cut, i => network.Cut(i, false)));
            new LoopTimer(loop, _ =>
            {
                Array.ForEach(cut, i => network.Cut(i));
                repair.Start(pair ? 15_000 : 5000);
            }).StartPeriodic((long)(outageEvery * 1000));
        }

        void Start() => hosts.ForEach(h => h.Start());
        void Stop() => hosts.ForEach(h => h.Stop());
        if (virtualClock != null)
        {
            Start();
            loop.RunFor(virtualClock, (long)(seconds * 1000));
            Stop();
        }
        else
        {
            output.WriteLine(seconds > 0 ? $"running for {seconds} s on real time" : "running on real time; Ctrl+C stops");
            RunRealTime(loop, Start, Stop, seconds);
        }

        foreach (ControllerHost host in hosts)
        {
            SimulatedGpioLine led = ((SimulatedPlatform)host.Platform).SimulatedGpio.Line(board.StatusLedPin);
            output.WriteLine($"{(host.Name != null ? "controller " + host.Name + ": " : string.Empty)}status LED (GPIO {board.StatusLedPin}) toggled {led.Changes.Count} times; heartbeats {host.Controller.HeartbeatCount}; loop faults {loop.FaultCount}");
        }

        return loop.FaultCount == 0 ? 0 : 1;
    }

    private static EventLog Log(IClock clock, TextWriter output)
    {
        long origin = clock.NowMs;
        return new EventLog(clock, 256)
        {
            Logged = entry => output.WriteLine($"[{(entry.TimeMs - origin) / 1000.0,9:F3}s] {entry.Source}: {entry.Message}"),
        };
    }

    // The built-in pair: both controllers on lan0 with VRID 51, 100 ms adverts, virtual gateway 192.168.1.1.
    internal static SiteDefinition WithPair(SiteDefinition site, int priority) => new()
    {
        Name = site.Name,
        Lan = site.Lan,
        Links = site.Links,
        Dampening = site.Dampening,
        Redundancy = new RedundancyDefinition
        {
            Interface = site.Redundancy?.Interface ?? "lan0",
            Vrid = site.Redundancy?.Vrid ?? 51,
            Priority = priority,
            AdvertMs = site.Redundancy?.AdvertMs ?? 100,
            VirtualAddresses = site.Redundancy?.VirtualAddresses ?? [0xC0A80101u],
            WeightPerLink = site.Redundancy?.WeightPerLink ?? 30,
        },
    };

    private static TelemetryOptions Copy(TelemetryOptions options, string device) => new()
    {
        Site = options.Site,
        Device = device,
        Secret = options.Secret,
        StateIntervalMs = options.StateIntervalMs,
        ConfigHash = options.ConfigHash,
        Broker = options.Broker,
    };

    private static void RunRealTime(EventLoop loop, Action start, Action stop, double seconds)
    {
        using StopSignals signals = new(loop);
        start();
        if (seconds > 0)
        {
            new LoopTimer(loop, _ => loop.Stop()).Start((long)(seconds * 1000));
        }

        loop.Run();
        stop();
    }

    /// <summary>Gets the built-in example site file (fiber primary, LTE backup).</summary>
    /// <returns>The site file's text.</returns>
    public static string ExampleSite() => Resource(ExampleSiteResource);

    /// <summary>Gets the built-in example board file (ESP32-DevKitC with two modems).</summary>
    /// <returns>The board file's text.</returns>
    public static string ExampleBoard() => Resource(ExampleBoardResource);

    internal static string Resource(string name)
    {
        using Stream stream = typeof(ControllerCommand).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing");
        using StreamReader reader = new(stream);
        return reader.ReadToEnd();
    }
}
