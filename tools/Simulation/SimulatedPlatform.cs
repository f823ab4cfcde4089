using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Controller;
using NfBond.Firmware.Security;
using NfBond.Hal;
using NfBond.Simulation.Modems;
using NfBond.Simulation.Network;

namespace NfBond.Simulation;

/// <summary>
/// The simulated board a controller runs on: a simulated modem (by the board's model) behind every
/// modem port's UART, wired to the power-key and reset lines the controller opens; probes answered by a
/// <see cref="SimulatedNetwork"/>; VRRP on a <see cref="SimulatedVrrpSegment"/>. The network, segment and
/// storage are the world around the board and outlive a restart; everything else is made anew.
/// </summary>
public sealed class SimulatedPlatform : IControllerPlatform, IDisposable
{
    private readonly Firmware.Runtime.EventLoop _loop;
    private readonly SimulatedGpioController _gpio;
    private readonly SimulatedVrrpSegment? _segment;
    private readonly uint _address;
    private readonly Action<string> _restart;
    private readonly List<(ModemPortDefinition Port, ModemSimulator Modem)> _modems = [];
    private SimulatedVrrpSegment.Member? _member;

    /// <summary>Creates the board.</summary>
    /// <param name="loop">The loop the simulation runs on.</param>
    /// <param name="network">The simulated WAN.</param>
    /// <param name="storage">Storage that survives a restart.</param>
    /// <param name="wallClock">The wall clock.</param>
    /// <param name="mqtt">The MQTT client, or null.</param>
    /// <param name="restart">Called when the controller asks to be restarted.</param>
    /// <param name="segment">The LAN segment for VRRP, or null.</param>
    /// <param name="address">This controller's LAN address on <paramref name="segment"/> (host order).</param>
    public SimulatedPlatform(Firmware.Runtime.EventLoop loop, SimulatedNetwork network, IStorage storage, IWallClock wallClock, IMqttClient? mqtt,
        Action<string> restart, SimulatedVrrpSegment? segment = null, uint address = 0)
    {
        _loop = loop;
        _gpio = new SimulatedGpioController(loop.Clock);
        _gpio.Opened += OnPinOpened;
        Network = network;
        Storage = storage;
        WallClock = wallClock;
        Mqtt = mqtt;
        _restart = restart;
        _segment = segment;
        _address = address;
        ProbeTransports = [network];
    }

    /// <summary>Gets the simulated WAN.</summary>
    public SimulatedNetwork Network { get; }

    /// <summary>Gets the steering recorder.</summary>
    public SimulatedSteering Steering { get; } = new();

    /// <summary>Gets the simulated modems, in the order their UARTs were opened.</summary>
    public IReadOnlyList<ModemSimulator> ModemSimulators => _modems.Select(m => m.Modem).ToList();

    /// <summary>Gets the VRRP segment member, once opened.</summary>
    public SimulatedVrrpSegment.Member? VrrpMember => _member;

    /// <summary>Gets the GPIO lines.</summary>
    public SimulatedGpioController SimulatedGpio => _gpio;

    /// <inheritdoc/>
    public IGpioController Gpio => _gpio;

    /// <inheritdoc/>
    public IProbeTransport[] ProbeTransports { get; }

    /// <inheritdoc/>
    public ISteeringExecutor Executor => Steering;

    /// <inheritdoc/>
    public ITrafficCounters? Counters => Traffic;

    /// <summary>Gets the byte counters the data caps are metered from, or null (then only probes count).</summary>
    public SimulatedTraffic? Traffic { get; init; }

    /// <inheritdoc/>
    public ILinkHints? LinkHints { get; init; }

    /// <inheritdoc/>
    public IMqttClient? Mqtt { get; }

    /// <inheritdoc/>
    public IWallClock WallClock { get; }

    /// <inheritdoc/>
    public IHmac Hmac { get; } = new HmacSha256();

    /// <inheritdoc/>
    public IStorage Storage { get; }

    /// <inheritdoc/>
    public ISerialLine OpenSerial(ModemPortDefinition port)
    {
        SimulatedSerialLine line = new("sim-" + port.Uart.Port, port.Uart.Baud);
        ModemSimulator modem = new(_loop, ModemPersonality.ByName(port.Model.StartsWith("SIM", StringComparison.Ordinal) || port.Model == "A7670" ? "sim7600" : port.Model.StartsWith("RM", StringComparison.Ordinal) ? "rm500q" : "ec25"), new ModemFaults());
        modem.Attach(line);
        _modems.Add((port, modem));
        return line;
    }

    /// <inheritdoc/>
    public IVrrpTransport OpenVrrp(RedundancyDefinition pair) => Member();

    /// <inheritdoc/>
    public IVirtualAddressOwner VirtualAddresses(RedundancyDefinition pair) => Member();

    /// <inheritdoc/>
    public void Restart(string cause) => _restart(cause);

    /// <summary>Leaves the VRRP segment and disconnects MQTT, as a board losing power would.</summary>
    public void Dispose()
    {
        if (_member != null)
        {
            _member.Dead = true;
        }

        (Mqtt as IDisposable)?.Dispose();
    }

    private SimulatedVrrpSegment.Member Member()
    {
        if (_segment == null)
        {
            throw new InvalidOperationException("the site has a redundancy section but this simulated board is on no VRRP segment");
        }

        return _member ??= _segment.Join(_address);
    }

    private void OnPinOpened(SimulatedGpioLine line)
    {
        foreach ((ModemPortDefinition port, ModemSimulator modem) in _modems)
        {
            // The controller opens the power key first, then the reset line (if wired).
            if (line.Pin == port.ResetPin)
            {
                modem.WirePins(null, line, null);
            }
            else if (line.Pin == port.PowerKeyPin)
            {
                modem.WirePins(line, null, null);
            }
        }
    }
}
