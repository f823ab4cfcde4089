using System.Threading.Tasks;

namespace NfBond.Hal.Linux;

/// <summary>
/// Adds and removes a VRRP instance's virtual addresses with iproute2 and announces them with
/// gratuitous ARP (iputils arping -U), so switches and hosts learn the new owner at once.
/// </summary>
public sealed class LinuxVirtualAddresses : IVirtualAddressOwner
{
    private readonly string _iface;
    private readonly string[] _prefixes;

    /// <summary>Creates the owner.</summary>
    /// <param name="iface">The interface.</param>
    /// <param name="prefixes">Addresses with prefix length, e.g. "192.168.50.254/24".</param>
    public LinuxVirtualAddresses(string iface, string[] prefixes)
    {
        _iface = iface;
        _prefixes = prefixes;
    }

    /// <inheritdoc/>
    public string? Claim()
    {
        string? error = null;
        foreach (string prefix in _prefixes)
        {
            (int exit, string text) = CommandRunner.Run("ip", ["addr", "replace", prefix, "dev", _iface]);
            if (exit != 0)
            {
                error = $"ip addr replace {prefix} dev {_iface}: {text}";
            }

            string address = prefix.Split('/')[0];
            // arping waits for its interval even with one packet: off the loop thread.
            _ = Task.Run(() => CommandRunner.Run("arping", ["-U", "-c", "1", "-I", _iface, address]));
        }

        return error;
    }

    /// <inheritdoc/>
    public string? Release()
    {
        string? error = null;
        foreach (string prefix in _prefixes)
        {
            (int exit, string text) = CommandRunner.Run("ip", ["addr", "del", prefix, "dev", _iface]);
            if (exit != 0 && !text.Contains("Cannot assign requested address"))
            {
                error = $"ip addr del {prefix} dev {_iface}: {text}";
            }
        }

        return error;
    }
}
