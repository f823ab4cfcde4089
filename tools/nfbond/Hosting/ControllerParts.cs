using NfBond.Firmware.Modems;
using NfBond.Hal;

namespace NfBond.Cli.Hosting;

/// <summary>The platform pieces a controller runs on: real (Linux) or simulated.</summary>
public sealed class ControllerParts
{
    /// <summary>Gets the probe transports.</summary>
    public required IProbeTransport[] Transports { get; init; }

    /// <summary>Gets the steering executor.</summary>
    public required ISteeringExecutor Executor { get; init; }

    /// <summary>Gets interface counters for data caps, or null.</summary>
    public ITrafficCounters? Counters { get; init; }

    /// <summary>Gets the modem supervisors serving cellular links (already bound to their links by the factory).</summary>
    public ModemSupervisor[] Modems { get; init; } = [];

    /// <summary>Gets the name of the link each modem serves, in the order of <see cref="Modems"/>.</summary>
    public string[] ModemLinks { get; init; } = [];

    /// <summary>Gets the MQTT client, or null to run without telemetry.</summary>
    public IMqttClient? Mqtt { get; init; }

    /// <summary>Gets the wall clock.</summary>
    public required IWallClock WallClock { get; init; }

    /// <summary>Gets HMAC-SHA256.</summary>
    public required IHmac Hmac { get; init; }

    /// <summary>Gets what to dispose when the controller stops.</summary>
    public IDisposable[] Owned { get; init; } = [];
}
