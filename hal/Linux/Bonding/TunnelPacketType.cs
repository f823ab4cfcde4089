namespace NfBond.Hal.Linux.Bonding;

/// <summary>What a tunnel packet carries (the first byte of its header).</summary>
public enum TunnelPacketType : byte
{
    /// <summary>One inner IP packet.</summary>
    Data = 1,

    /// <summary>Nothing but the header: keeps a path's liveness and delay known while it carries no data.</summary>
    Keepalive = 2,

    /// <summary>The receiver's per-path counts and delays, for the sender's scheduler.</summary>
    Feedback = 3,

    /// <summary>Padding to a size: does the path carry a packet this large (path MTU discovery)?</summary>
    Probe = 4,

    /// <summary>The size of a probe that arrived, back on its path.</summary>
    ProbeAck = 5,
}
