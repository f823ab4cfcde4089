using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Runtime;
using NfBond.Hal;
using NfBond.Hal.Linux;
using NfBond.Simulation;
using NfBond.Simulation.Modems;
using NfBond.Simulation.Network;

namespace NfBond.Cli.Hosting;

/// <summary>Builds the platform parts for a controller: Linux for real routers, simulated for the demo and tests.</summary>
public static class PlatformParts
{
    /// <summary>
    /// Real parts on this Linux host: socket probes, policy-routing steering, sysfs counters, MQTTnet, and
    /// for every link with a modem a supervisor on the board's serial port for it (no power-key line on a
    /// Linux host: the ladder's reset rungs are the AT ones).
    /// </summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="site">The site.</param>
    /// <param name="board">The board that maps modem names to serial ports, or null when no link has a modem.</param>
    /// <param name="withMqtt">Whether to create an MQTT client.</param>
    /// <returns>The parts.</returns>
    /// <exception cref="ArgumentException">A link names a modem the board does not have.</exception>
    public static ControllerParts Linux(EventLoop loop, SiteDefinition site, BoardDefinition? board, bool withMqtt)
    {
        LinuxProbeTransport probes = new();
        List<IProbeTransport> transports = [];
        List<ModemSupervisor> modems = [];
        List<string> modemLinks = [];
        List<IDisposable> owned = [probes];
        foreach (LinkDefinition link in site.Links.Where(l => l.Modem.Length > 0))
        {
            ModemPortDefinition port = board?.Modems.FirstOrDefault(m => m.Name == link.Modem)
                ?? throw new ArgumentException($"link \"{link.Name}\" uses modem \"{link.Modem}\"; give --board with a modem port of that name");
            SerialPortLine line = new(port.Uart.Port, port.Uart.Baud);
            ModemDialect dialect = ModemDialects.ForModel(port.Model);
            ModemSupervisor supervisor = new(loop, line, dialect, new ModemPins(), new ModemSupervisorOptions { BaudRate = port.Uart.Baud }, link.Modem);
            transports.Add(new ModemPingTransport(loop, supervisor, dialect, link.Interface));
            modems.Add(supervisor);
            modemLinks.Add(link.Name);
            owned.Add(line);
        }

        transports.Add(probes);
        MqttNetClient? mqtt = withMqtt ? new MqttNetClient() : null;
        if (mqtt != null)
        {
            owned.Add(mqtt);
        }

        return new ControllerParts
        {
            Transports = [.. transports],
            Executor = new LinuxSteeringExecutor(site.Lan),
            Counters = new SysfsTrafficCounters(),
            Modems = [.. modems],
            ModemLinks = [.. modemLinks],
            Mqtt = mqtt,
            WallClock = new SystemWallClock(),
            Hmac = new HmacSha256(),
            Owned = [.. owned],
        };
    }

    /// <summary>
    /// Simulated parts: a simulated WAN answering every target, a recording executor, and a simulated EC25
    /// on an in-process UART for every link with a modem; MQTT is real when asked for.
    /// </summary>
    /// <param name="loop">The loop the simulation runs on.</param>
    /// <param name="site">The site.</param>
    /// <param name="withMqtt">Whether to create an MQTT client.</param>
    /// <param name="network">The simulated WAN, for injecting outages.</param>
    /// <returns>The parts.</returns>
    public static ControllerParts Simulated(EventLoop loop, SiteDefinition site, bool withMqtt, out SimulatedNetwork network)
    {
        network = new SimulatedNetwork(loop);
        List<IProbeTransport> transports = [];
        List<ModemSupervisor> modems = [];
        List<string> modemLinks = [];
        SimulatedGpioController gpio = new(loop.Clock);
        int pin = 20;
        foreach (LinkDefinition link in site.Links.Where(l => l.Modem.Length > 0))
        {
            SimulatedSerialLine line = new("sim-" + link.Modem, 115200);
            ModemSimulator simulator = new(loop, ModemPersonality.Ec25, new ModemFaults());
            simulator.Attach(line);
            SimulatedGpioLine powerKey = (SimulatedGpioLine)gpio.OpenOutput(pin++, false);
            simulator.WirePins(powerKey, null, null);
            ModemDialect dialect = ModemDialects.ForModel("EC25");
            ModemSupervisor supervisor = new(loop, line, dialect, new ModemPins { PowerKey = powerKey }, new ModemSupervisorOptions(), link.Modem);
            transports.Add(new ModemPingTransport(loop, supervisor, dialect, link.Interface));
            modems.Add(supervisor);
            modemLinks.Add(link.Name);
        }

        transports.Add(network);
        MqttNetClient? mqtt = withMqtt ? new MqttNetClient() : null;
        return new ControllerParts
        {
            Transports = [.. transports],
            Executor = new SimulatedSteering(),
            Modems = [.. modems],
            ModemLinks = [.. modemLinks],
            Mqtt = mqtt,
            WallClock = new SystemWallClock(),
            Hmac = new HmacSha256(),
            Owned = mqtt == null ? [] : [mqtt],
        };
    }
}
