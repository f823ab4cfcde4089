using System.IO;

namespace NfBond.Hal.Linux;

/// <summary>Interface byte counters from <c>/sys/class/net/IFACE/statistics</c>.</summary>
public sealed class SysfsTrafficCounters : ITrafficCounters
{
    /// <inheritdoc/>
    public long ReadBytes(string iface)
    {
        string dir = Path.Combine("/sys/class/net", iface, "statistics");
        try
        {
            return long.Parse(File.ReadAllText(Path.Combine(dir, "rx_bytes"))) + long.Parse(File.ReadAllText(Path.Combine(dir, "tx_bytes")));
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
