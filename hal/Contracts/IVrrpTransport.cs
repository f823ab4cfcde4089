namespace NfBond.Hal;

/// <summary>
/// Sends and receives VRRP messages on one interface: to the multicast group or to unicast peers, with
/// TTL 255.
/// </summary>
/// <remarks>
/// Implementations: raw IP protocol 112 on Linux; a UDP-multicast carrier for microcontroller IP stacks
/// without raw sockets (only between nf-bond controllers); an in-memory segment in tests.
/// </remarks>
public interface IVrrpTransport
{
    /// <summary>Raised for every VRRP message received (including, on some stacks, our own).</summary>
    event VrrpPacketHandler Received;

    /// <summary>Gets this interface's primary IPv4 address (host order), the VRRP source address.</summary>
    uint LocalAddress { get; }

    /// <summary>Sends one message.</summary>
    /// <param name="packet">The message bytes.</param>
    /// <param name="length">How many.</param>
    /// <param name="destination">Multicast group or unicast peer, host order.</param>
    void Send(byte[] packet, int length, uint destination);
}
