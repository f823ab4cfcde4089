using System;
using System.Collections.Generic;
using System.Linq;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Controller;
using NfBond.Firmware.Text;

namespace NfBond.Hal.Linux;

/// <summary>
/// A Linux router as a controller's platform: socket probes pinned to each link, policy routing and
/// nftables for steering, sysfs byte counters, MQTTnet, the board's modems on serial ports, VRRP over raw
/// IP (or the UDP carrier), files for storage. A Linux host has no modem power-key wiring: its GPIO lines
/// only remember their level, so the recovery ladder's reset rungs are the AT ones.
/// </summary>
public sealed class LinuxPlatform : IControllerPlatform, IDisposable
{
    private readonly Action<string> _restart;
    private readonly bool _udpVrrp;
    private readonly List<IDisposable> _owned = [];

    /// <summary>Creates the platform for one site.</summary>
    /// <param name="site">The site (its LAN interface is steered).</param>
    /// <param name="storage">Where stored files live.</param>
    /// <param name="withMqtt">Whether to create an MQTT client.</param>
    /// <param name="restart">Called when the controller asks to be restarted.</param>
    /// <param name="udpVrrp">VRRP over the UDP-multicast carrier instead of raw IP protocol 112.</param>
    /// <param name="bond">The site's bonding tunnel, a path per site link in site order, or null: its paths then follow the steering plan and witness the links.</param>
    public LinuxPlatform(SiteDefinition site, IStorage storage, bool withMqtt, Action<string> restart, bool udpVrrp = false, Bonding.BondClient? bond = null)
    {
        LinuxProbeTransport probes = new();
        _owned.Add(probes);
        ProbeTransports = [probes];
        Executor = new LinuxSteeringExecutor(site.Lan);
        if (bond != null)
        {
            Bonding.BondSteering steering = new(Executor, bond.Endpoint, site.Links.Select(l => l.Name).ToArray());
            _owned.Add(steering);
            Executor = steering;
            LinkHints = steering;
        }

        Storage = storage;
        _restart = restart;
        _udpVrrp = udpVrrp;
        if (withMqtt)
        {
            MqttNetClient mqtt = new();
            _owned.Add(mqtt);
            Mqtt = mqtt;
        }
    }

    /// <inheritdoc/>
    public IGpioController Gpio { get; } = new UnwiredGpio();

    /// <inheritdoc/>
    public IProbeTransport[] ProbeTransports { get; }

    /// <inheritdoc/>
    public ISteeringExecutor Executor { get; }

    /// <inheritdoc/>
    public ITrafficCounters? Counters { get; } = new SysfsTrafficCounters();

    /// <inheritdoc/>
    public ILinkHints? LinkHints { get; }

    /// <inheritdoc/>
    public IMqttClient? Mqtt { get; }

    /// <inheritdoc/>
    public IWallClock WallClock { get; } = new SystemWallClock();

    /// <inheritdoc/>
    public IHmac Hmac { get; } = new HmacSha256();

    /// <inheritdoc/>
    public IStorage Storage { get; }

    /// <inheritdoc/>
    public ISerialLine OpenSerial(ModemPortDefinition port)
    {
        SerialPortLine line = new(port.Uart.Port, port.Uart.Baud);
        _owned.Add(line);
        return line;
    }

    /// <inheritdoc/>
    public IVrrpTransport OpenVrrp(RedundancyDefinition pair)
    {
        IVrrpTransport transport = _udpVrrp ? new UdpVrrpTransport(pair.Interface) : new RawVrrpTransport(pair.Interface);
        _owned.Add((IDisposable)transport);
        return transport;
    }

    /// <inheritdoc/>
    public IVirtualAddressOwner VirtualAddresses(RedundancyDefinition pair) =>
        new LinuxVirtualAddresses(pair.Interface, pair.VirtualAddresses.Select(a => Ip4.Format(a) + "/32").ToArray());

    /// <inheritdoc/>
    public void Restart(string cause) => _restart(cause);

    /// <summary>Closes sockets, serial ports and the MQTT connection.</summary>
    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    /// <summary>GPIO on a host without modem control wiring: lines remember what was written.</summary>
    private sealed class UnwiredGpio : IGpioController
    {
        public IGpioLine OpenOutput(int pin, bool initialHigh) => new UnwiredLine(pin, initialHigh);
    }

    private sealed class UnwiredLine(int pin, bool high) : IGpioLine
    {
        public int Pin => pin;

        public bool IsHigh { get; private set; } = high;

        public void Write(bool level) => IsHigh = level;
    }
}
