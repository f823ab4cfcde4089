namespace NfBond.Hal.Linux.Bonding;

/// <summary>A site the bonding server takes: its session, key and TUN interface, and its paths' rates towards the site.</summary>
/// <param name="Session">The session number in its packets.</param>
/// <param name="Key">Its 32-byte key.</param>
/// <param name="Tun">The server's TUN interface for it.</param>
/// <param name="Options">Its paths' rates (server to site) and timers.</param>
public sealed record BondSite(uint Session, byte[] Key, string Tun, BondOptions Options);
