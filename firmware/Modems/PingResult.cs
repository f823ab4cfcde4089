namespace NfBond.Firmware.Modems;

/// <summary>What the last modem-side ping run reported (<c>+QPING</c> / <c>+CPING</c> lines).</summary>
public sealed class PingResult
{
    /// <summary>Gets or sets the last round trip, in ms, or -1.</summary>
    public int RttMs { get; set; } = -1;

    /// <summary>Gets or sets how many echo requests the run sent.</summary>
    public int Sent { get; set; }

    /// <summary>Gets or sets how many replies the run got.</summary>
    public int Received { get; set; }

    /// <summary>Gets or sets the modem's error code for the run (0 = ran).</summary>
    public int Error { get; set; }

    /// <summary>Forgets the last run before a new one.</summary>
    public void Clear()
    {
        RttMs = -1;
        Sent = 0;
        Received = 0;
        Error = 0;
    }
}
