using NfBond.Firmware.Json;

namespace NfBond.Firmware.Telemetry;

/// <summary>A verified command from the owner.</summary>
public sealed class TelemetryCommand
{
    internal TelemetryCommand(string id, string name, long timestampMs, JsonObject? args)
    {
        Id = id;
        Name = name;
        TimestampMs = timestampMs;
        Args = args;
    }

    /// <summary>Gets the command's ID, echoed in the response.</summary>
    public string Id { get; }

    /// <summary>Gets the command ("set_config", "run_drill", "reboot", "resync").</summary>
    public string Name { get; }

    /// <summary>Gets when the owner issued it (ms since 1970 UTC).</summary>
    public long TimestampMs { get; }

    /// <summary>Gets the arguments, or null.</summary>
    public JsonObject? Args { get; }
}
