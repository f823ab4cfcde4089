namespace NfBond.Firmware.Config;

/// <summary>
/// A site with a second controller: the VRRP pair both controllers form on the LAN (site file
/// <c>redundancy</c>). Each controller's own file gives its priority.
/// </summary>
public sealed class RedundancyDefinition
{
    /// <summary>Gets or sets the LAN interface the pair advertises on.</summary>
    public string Interface { get; set; } = "";

    /// <summary>Gets or sets the virtual router ID, 1 to 255.</summary>
    public int Vrid { get; set; } = 51;

    /// <summary>Gets or sets this controller's priority, 1 to 254.</summary>
    public int Priority { get; set; } = 100;

    /// <summary>Gets or sets the advertisement interval in milliseconds (a multiple of 10, 10 to 40950).</summary>
    public int AdvertMs { get; set; } = 1000;

    /// <summary>Gets or sets the peer's address (host order) for unicast adverts, 0 for multicast.</summary>
    public uint Peer { get; set; }

    /// <summary>Gets or sets the virtual IPv4 addresses the master holds (host order).</summary>
    public uint[] VirtualAddresses { get; set; } = new uint[0];

    /// <summary>Gets or sets the priority lost per unusable WAN link.</summary>
    public int WeightPerLink { get; set; } = 20;

    /// <summary>Gets or sets whether a higher-priority backup takes over (keepalived's default).</summary>
    public bool Preempt { get; set; } = true;
}
