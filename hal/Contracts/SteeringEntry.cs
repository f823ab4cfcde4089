namespace NfBond.Hal;

/// <summary>One link's share of a steering plan, as the platform executor needs it.</summary>
public sealed class SteeringEntry
{
    /// <summary>Gets or sets the link's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the link's network interface.</summary>
    public string Interface { get; set; } = "";

    /// <summary>Gets or sets the next-hop gateway address ("" for point-to-point links).</summary>
    public string Gateway { get; set; } = "";

    /// <summary>Gets or sets the link's firewall mark, also its routing table number; unique per link, 1 to 250.</summary>
    public int Mark { get; set; }

    /// <summary>Gets or sets the share of new flows, in thousandths; 0 means the link carries nothing and its flows move.</summary>
    public int Weight { get; set; }
}
