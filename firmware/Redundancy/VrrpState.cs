namespace NfBond.Firmware.Redundancy;

/// <summary>RFC 5798 section 6.4 states (RFC 9568 calls Master "Active").</summary>
public enum VrrpState
{
    /// <summary>Not running.</summary>
    Initialize,

    /// <summary>Watching the master's advertisements.</summary>
    Backup,

    /// <summary>Owning the virtual addresses and advertising.</summary>
    Master,
}
