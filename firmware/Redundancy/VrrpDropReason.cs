namespace NfBond.Firmware.Redundancy;

/// <summary>Why a received VRRP packet was dropped; each is counted.</summary>
public enum VrrpDropReason
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Shorter than the 8-byte header.</summary>
    TooShort,

    /// <summary>IP TTL not 255 (the sender is not on this link).</summary>
    BadTtl,

    /// <summary>Version is not 3.</summary>
    BadVersion,

    /// <summary>Type is not 1 (advertisement).</summary>
    BadType,

    /// <summary>Another virtual router's packet.</summary>
    WrongVrid,

    /// <summary>Length does not match the address count.</summary>
    BadLength,

    /// <summary>Checksum wrong (for the configured checksum mode).</summary>
    BadChecksum,

    /// <summary>Advertisement interval 0.</summary>
    BadInterval,

    /// <summary>The virtual addresses differ from ours (a misconfiguration the RFC says to log).</summary>
    AddressMismatch,

    /// <summary>Our own advertisement looped back.</summary>
    OwnPacket,

    /// <summary>Arrived faster than the loop drained them (more than 16 waiting).</summary>
    Overrun,
}
