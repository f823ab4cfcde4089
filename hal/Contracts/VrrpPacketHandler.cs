namespace NfBond.Hal;

/// <summary>Receives one VRRP message (the bytes after the IP header); raised on any thread.</summary>
/// <param name="packet">A buffer holding the message; only valid during the call.</param>
/// <param name="offset">Where the message starts.</param>
/// <param name="length">Its length.</param>
/// <param name="source">IP source address, host order.</param>
/// <param name="destination">IP destination address, host order.</param>
/// <param name="ttl">IP time to live.</param>
public delegate void VrrpPacketHandler(byte[] packet, int offset, int length, uint source, uint destination, int ttl);
