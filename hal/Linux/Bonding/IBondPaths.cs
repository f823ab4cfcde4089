using System;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>Where a <see cref="BondEndpoint"/>'s datagrams leave: one way out per path.</summary>
public interface IBondPaths
{
    /// <summary>Gets how many paths there are.</summary>
    int Count { get; }

    /// <summary>Sends a datagram on a path.</summary>
    /// <param name="path">The path.</param>
    /// <param name="datagram">A sealed tunnel packet.</param>
    /// <returns>Whether it left (false: the path has no way out now, e.g. no address or its peer is unknown yet).</returns>
    bool Send(int path, ReadOnlySpan<byte> datagram);
}
