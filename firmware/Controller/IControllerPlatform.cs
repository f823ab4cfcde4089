using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Hal;

namespace NfBond.Firmware.Controller;

/// <summary>
/// What one platform (the device, a Linux router, the simulation) hands the controller. The
/// composition itself is the same everywhere: <see cref="Controller"/>.
/// </summary>
public interface IControllerPlatform
{
    /// <summary>Gets the board's GPIO lines (status LED, modem power keys and resets).</summary>
    IGpioController Gpio { get; }

    /// <summary>Gets the platform's probe transports (sockets, simulated WAN); modem-side pings are added by the controller.</summary>
    IProbeTransport[] ProbeTransports { get; }

    /// <summary>Gets what applies the steering plan (routing tables, a router's API, a recorder).</summary>
    ISteeringExecutor Executor { get; }

    /// <summary>Gets interface byte counters for data caps, or null to count probe bytes only.</summary>
    ITrafficCounters? Counters { get; }

    /// <summary>Gets a witness of the links' health besides the probes (a bonding tunnel), or null.</summary>
    ILinkHints? LinkHints { get; }

    /// <summary>Gets the MQTT client, or null to run without telemetry.</summary>
    IMqttClient? Mqtt { get; }

    /// <summary>Gets the wall clock (UTC) for telemetry time stamps and the commands' replay window.</summary>
    IWallClock WallClock { get; }

    /// <summary>Gets HMAC-SHA256 for command signatures.</summary>
    IHmac Hmac { get; }

    /// <summary>Gets the storage that survives a restart.</summary>
    IStorage Storage { get; }

    /// <summary>Opens the UART a modem port is wired to.</summary>
    /// <param name="port">The board's modem port.</param>
    /// <returns>The serial line, not yet open.</returns>
    ISerialLine OpenSerial(ModemPortDefinition port);

    /// <summary>Opens the VRRP carrier on the pair's interface.</summary>
    /// <param name="pair">The site's redundancy settings.</param>
    /// <returns>The transport.</returns>
    IVrrpTransport OpenVrrp(RedundancyDefinition pair);

    /// <summary>Gets what takes and gives up the pair's virtual addresses.</summary>
    /// <param name="pair">The site's redundancy settings.</param>
    /// <returns>The address owner.</returns>
    IVirtualAddressOwner VirtualAddresses(RedundancyDefinition pair);

    /// <summary>
    /// Restarts the controller (the <c>reboot</c> command): the device reboots; a host stops this
    /// controller and starts a new one from the stored files. Called on the loop; returns at once.
    /// </summary>
    /// <param name="cause">Why, for the log.</param>
    void Restart(string cause);
}
