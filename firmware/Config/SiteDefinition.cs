using NfBond.Firmware.Links;

namespace NfBond.Firmware.Config;

/// <summary>A site's WAN configuration: its links and how they are watched and steered.</summary>
public sealed class SiteDefinition
{
    /// <summary>Gets or sets the site's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the LAN interface whose traffic is steered ("" = steer only the router's own traffic).</summary>
    public string Lan { get; set; } = "";

    /// <summary>Gets or sets the links, in configuration order.</summary>
    public LinkDefinition[] Links { get; set; } = new LinkDefinition[0];

    /// <summary>Gets or sets the VRRP pair with a second controller, or null for a single controller.</summary>
    public RedundancyDefinition? Redundancy { get; set; }

    /// <summary>Gets or sets flap dampening, shared by all links.</summary>
    public DampeningSettings Dampening { get; set; } = new DampeningSettings();
}
