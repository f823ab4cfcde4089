namespace NfBond.Hal;

/// <summary>Takes and gives up the virtual IP addresses of a VRRP instance on the platform.</summary>
/// <remarks>Implementations: ip addr plus gratuitous ARP on Linux; a recorder in tests.</remarks>
public interface IVirtualAddressOwner
{
    /// <summary>Adds the virtual addresses and announces them (gratuitous ARP), on becoming master.</summary>
    /// <returns>Null when done, else what failed.</returns>
    string? Claim();

    /// <summary>Removes the virtual addresses, on leaving the master state.</summary>
    /// <returns>Null when done, else what failed.</returns>
    string? Release();
}
