namespace NfBond.Hal;

/// <summary>Reads how much traffic has crossed a network interface, for data-cap accounting.</summary>
/// <remarks>Implementations: interface statistics on Linux; the modem's own counters (AT+QGDCNT) on boards.</remarks>
public interface ITrafficCounters
{
    /// <summary>Gets the bytes received plus sent since the interface appeared.</summary>
    /// <param name="iface">The interface.</param>
    /// <returns>The count, or -1 when the interface is unknown.</returns>
    long ReadBytes(string iface);
}
