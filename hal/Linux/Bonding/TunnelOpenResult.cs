namespace NfBond.Hal.Linux.Bonding;

/// <summary>What <see cref="TunnelCipher.Open"/> made of a received packet.</summary>
public enum TunnelOpenResult
{
    /// <summary>Authentic and new: the payload is valid.</summary>
    Ok = 0,

    /// <summary>Not a tunnel packet (too short, unknown type or flags).</summary>
    Malformed,

    /// <summary>For another session than this cipher's.</summary>
    WrongSession,

    /// <summary>A counter seen before, or too old: a replayed or very late packet.</summary>
    Replayed,

    /// <summary>The tag does not verify: forged, corrupted, or sealed with another key.</summary>
    Forged,
}
