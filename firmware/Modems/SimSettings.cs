namespace NfBond.Firmware.Modems;

/// <summary>
/// How a modem link's SIM gets online: the APN and PDP type of context 1, the APN's credentials and the SIM
/// PIN, from the link's <c>sim</c> object in the site file. The PIN and the password are secrets: they go
/// to the modem and nowhere else (not into state, events or logs).
/// </summary>
public sealed class SimSettings
{
    /// <summary>The PDP types a site file may name, in <c>AT+CGDCONT</c> spelling.</summary>
    public static readonly string[] PdpTypes = new string[] { "IP", "IPV6", "IPV4V6" };

    /// <summary>The APN authentication protocols, by their 3GPP TS 27.007 number (0 none, 1 PAP, 2 CHAP).</summary>
    public static readonly string[] AuthNames = new string[] { "none", "pap", "chap" };

    /// <summary>Gets or sets the APN.</summary>
    public string Apn { get; set; } = "internet";

    /// <summary>Gets or sets the PDP type (IP, IPV6, IPV4V6).</summary>
    public string PdpType { get; set; } = "IPV4V6";

    /// <summary>Gets or sets the APN user name, or empty.</summary>
    public string User { get; set; } = "";

    /// <summary>Gets or sets the APN password, or empty.</summary>
    public string Password { get; set; } = "";

    /// <summary>Gets or sets the authentication protocol: 0 none, 1 PAP, 2 CHAP.</summary>
    public int Auth { get; set; }

    /// <summary>Gets or sets the SIM PIN, or null when the SIM has none.</summary>
    public string? Pin { get; set; }
}
