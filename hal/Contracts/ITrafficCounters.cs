namespace NfBond.Hal;

/// <summary>Reads how much traffic has crossed a network interface, for data-cap accounting.</summary>
/// <remarks>Implementations: interface statistics on Linux; nanoFramework boards have none (NanoPlatform gives null), so data caps are accounted where a Linux router runs the controller.</remarks>
public interface ITrafficCounters
{
    /// <summary>Gets the bytes received plus sent since the interface appeared.</summary>
    /// <param name="iface">The interface.</param>
    /// <returns>The count, or -1 when the interface is unknown.</returns>
    long ReadBytes(string iface);
}
