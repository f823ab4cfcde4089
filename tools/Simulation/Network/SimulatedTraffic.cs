using NfBond.Hal;

namespace NfBond.Simulation.Network;

/// <summary>Byte counters of simulated WAN interfaces: what a shop's traffic would have moved, for data caps.</summary>
public sealed class SimulatedTraffic : ITrafficCounters
{
    private readonly Dictionary<string, long> _bytes = [];

    /// <summary>Counts bytes moved over an interface.</summary>
    /// <param name="iface">The interface.</param>
    /// <param name="bytes">How many.</param>
    public void Add(string iface, long bytes) => _bytes[iface] = _bytes.GetValueOrDefault(iface) + bytes;

    /// <inheritdoc/>
    public long ReadBytes(string iface) => _bytes.GetValueOrDefault(iface);
}
