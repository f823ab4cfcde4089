using NfBond.Cli.Hosting;
using NfBond.Firmware.Config;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Telemetry;
using NfBond.Hal;
using NfBond.Simulation.Network;

namespace NfBond.Tests.Shared;

/// <summary>A simulated controller (shared by the telemetry and aggregator tests) (fiber primary, DSL backup, fast detection) reporting to a real broker, running on its own thread in real time.</summary>
internal sealed class DeviceUnderTest : IDisposable
{
    public const string SiteJson = """
        {"format":"nfbond-site/1","site":"s1","profile":"fast","dampening":{"enabled":false},"links":[
          {"name":"fiber","type":"fiber","provider":"A","interface":"wan1","downKbps":100000,"role":"primary"},
          {"name":"dsl","type":"dsl","provider":"B","interface":"wan2","downKbps":50000,"role":"backup"}]}
        """;

    private readonly Thread _thread;

    /// <summary>Starts the controller; with <paramref name="configPath"/> it holds its site file there (written with <see cref="SiteJson"/> if absent) and set_config replaces it; with <paramref name="caPem"/> it connects over TLS, trusting that CA.</summary>
    public DeviceUnderTest(int port, string device, string? user, string? password, byte[] secret, int protocol = 5, string siteId = "s1", string? configPath = null, string? caPem = null)
    {
        if (configPath != null && !File.Exists(configPath))
        {
            File.WriteAllText(configPath, SiteJson);
        }

        SiteDefinition site = SiteDefinitionReader.Read(SiteJson).Site!;
        Loop = new EventLoop(new SystemClock());
        SimulatedNetwork network = new(Loop);
        Network = network;
        IStorage storage = configPath != null ? NfBond.Hal.Linux.FileStorage.ForSiteFile(configPath) : new NfBond.Simulation.MemoryStorage();
        TelemetryOptions telemetry = new()
        {
            Site = siteId,
            Device = device,
            Secret = secret,
            StateIntervalMs = 2000,
            ConfigHash = NfBond.Firmware.Config.SiteFileHash.Of(configPath != null ? File.ReadAllText(configPath) : SiteJson),
            Broker = new MqttConnectOptions { Host = "127.0.0.1", Port = port, Username = user, Password = password, ProtocolVersion = protocol, KeepAliveSeconds = 5, UseTls = caPem != null, CaCertificate = caPem ?? "" },
        };
        NfBond.Firmware.Boards.BoardDefinition board = NfBond.Firmware.Boards.BoardDefinitionReader.Read(NfBond.Cli.Commands.ControllerCommand.ExampleBoard()).Board!;
        Host = new ControllerHost(Loop, board, site, restart => new NfBond.Simulation.SimulatedPlatform(Loop, network, storage, new NfBond.Hal.Linux.SystemWallClock(), new NfBond.Hal.Linux.MqttNetClient(), restart),
            telemetry, new EventLog(Loop.Clock, 64), TextWriter.Null);
        _thread = new Thread(() => Host.Run(0)) { IsBackground = true, Name = "device " + device };
        _thread.Start();
    }

    public EventLoop Loop { get; }

    public SimulatedNetwork Network { get; }

    public ControllerHost Host { get; }

    /// <summary>Runs an action on the device's loop thread.</summary>
    public void OnLoop(Action action) => Loop.Post(_ => action(), null);

    /// <summary>Reads something on the controller's loop and waits for the answer (its state belongs to that thread).</summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="read">The reading.</param>
    /// <returns>The value.</returns>
    public T Read<T>(Func<T> read)
    {
        T value = default!;
        using ManualResetEventSlim done = new();
        Loop.Post(_ =>
        {
            value = read();
            done.Set();
        }, null);
        Assert.True(done.Wait(10_000), "the controller's loop did not run the reading within 10 s");
        return value;
    }

    public void Dispose()
    {
        Loop.Stop();
        _thread.Join(10_000);
    }
}
