namespace NfBond.Firmware.Telemetry;

/// <summary>The topics of one device under the versioned contract <c>nfbond/v1/{site}/{device}/...</c> (see docs/protocol.md).</summary>
public sealed class TelemetryTopics
{
    /// <summary>The contract version in every topic.</summary>
    public const string Version = "nfbond/v1";

    /// <summary>Creates the topics of a device.</summary>
    /// <param name="site">The site ID.</param>
    /// <param name="device">The device ID (also the MQTT client ID and user name).</param>
    public TelemetryTopics(string site, string device)
    {
        string root = Version + "/" + site + "/" + device;
        Root = root;
        Birth = root + "/birth";
        Status = root + "/status";
        State = root + "/state";
        Events = root + "/events";
        Commands = root + "/cmd";
        Responses = root + "/cmd/res";
    }

    /// <summary>Gets the device's root topic.</summary>
    public string Root { get; }

    /// <summary>Gets the retained birth certificate topic.</summary>
    public string Birth { get; }

    /// <summary>Gets the retained online/offline topic (also the Last Will's).</summary>
    public string Status { get; }

    /// <summary>Gets the retained periodic state topic.</summary>
    public string State { get; }

    /// <summary>Gets the event topic (QoS 1, sequence-numbered).</summary>
    public string Events { get; }

    /// <summary>Gets the command topic the device subscribes to.</summary>
    public string Commands { get; }

    /// <summary>Gets the command response topic.</summary>
    public string Responses { get; }
}
