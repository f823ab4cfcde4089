using NfBond.Firmware.Modems;

namespace NfBond.Firmware.Links;

/// <summary>One WAN link of a site, as configured.</summary>
public sealed class LinkDefinition
{
    /// <summary>Gets or sets the unique name used in events and plans ("fiber", "lte1").</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the physical kind.</summary>
    public LinkType Type { get; set; }

    /// <summary>Gets or sets the provider's name, for diversity checks and reports.</summary>
    public string Provider { get; set; } = "";

    /// <summary>Gets or sets the network interface the link leaves through ("wan1", "wwan0").</summary>
    public string Interface { get; set; } = "";

    /// <summary>Gets or sets the next-hop gateway ("" for point-to-point).</summary>
    public string Gateway { get; set; } = "";

    /// <summary>Gets or sets the downstream capacity in kbit/s.</summary>
    public int DownKbps { get; set; }

    /// <summary>Gets or sets the upstream capacity in kbit/s.</summary>
    public int UpKbps { get; set; }

    /// <summary>Gets or sets whether traffic is paid by volume.</summary>
    public bool Metered { get; set; }

    /// <summary>Gets or sets the monthly data cap in MB for a metered link, 0 for none.</summary>
    public int CapMb { get; set; }

    /// <summary>Gets or sets the day of the month (1 to 28) the metered volume resets.</summary>
    public int BillingDay { get; set; } = 1;

    /// <summary>Gets or sets the steering role.</summary>
    public LinkRole Role { get; set; }

    /// <summary>Gets or sets the board modem port serving this link, or "" for a wired link.</summary>
    public string Modem { get; set; } = "";

    /// <summary>Gets or sets how the link's SIM gets online (cellular links; defaults otherwise).</summary>
    public SimSettings Sim { get; set; } = new SimSettings();

    /// <summary>Gets or sets the network's MCC-MNC when known in advance (cellular), for diversity checks.</summary>
    public string MccMnc { get; set; } = "";

    /// <summary>Gets or sets the probe targets.</summary>
    public ProbeTarget[] Targets { get; set; } = new ProbeTarget[0];

    /// <summary>Gets or sets how many targets must answer for a round to count as good (k of n).</summary>
    public int Reliability { get; set; } = 1;

    /// <summary>Gets or sets the detection timers.</summary>
    public DetectionSettings Detection { get; set; } = new DetectionSettings();

    /// <summary>Gets or sets the firewall mark and routing table number (1-based position in the site).</summary>
    public int Mark { get; set; }

    /// <summary>Gets whether the link is cellular.</summary>
    public bool IsCellular => Type == LinkType.Lte || Type == LinkType.FiveG;
}
