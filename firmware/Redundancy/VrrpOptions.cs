namespace NfBond.Firmware.Redundancy;

/// <summary>Configuration of one VRRP instance (the names follow keepalived where it has one).</summary>
public sealed class VrrpOptions
{
    /// <summary>Gets or sets the virtual router ID, 1 to 255 (virtual_router_id).</summary>
    public int Vrid { get; set; } = 51;

    /// <summary>Gets or sets the configured priority, 1 to 255; 255 only for the addresses' owner (priority).</summary>
    public int Priority { get; set; } = 100;

    /// <summary>Gets or sets the advertisement interval in centiseconds, 1 to 4095 (advert_int).</summary>
    public int AdvertIntervalCs { get; set; } = 100;

    /// <summary>Gets or sets whether a higher-priority backup takes over from a lower-priority master (default on; nopreempt turns it off).</summary>
    public bool Preempt { get; set; } = true;

    /// <summary>Gets or sets how long after start a backup waits before preempting (preempt_delay).</summary>
    public int PreemptDelayMs { get; set; }

    /// <summary>Gets or sets the virtual IPv4 addresses, host order (virtual_ipaddress).</summary>
    public uint[] VirtualAddresses { get; set; } = new uint[0];

    /// <summary>Gets or sets unicast peers, host order; empty means multicast to 224.0.0.18 (unicast_peer).</summary>
    public uint[] UnicastPeers { get; set; } = new uint[0];

    /// <summary>Gets or sets the checksum mode (v3_checksum_as_v2 is <see cref="VrrpChecksum.WithoutPseudoHeader"/>).</summary>
    public VrrpChecksum Checksum { get; set; } = VrrpChecksum.Rfc;
}
