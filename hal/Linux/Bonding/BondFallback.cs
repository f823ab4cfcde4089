namespace NfBond.Hal.Linux.Bonding;

/// <summary>Where a site's LAN traffic goes while the bonding server answers, and how it falls back when it does not.</summary>
public sealed class BondFallback
{
    /// <summary>Gets or sets the LAN interface whose traffic is bonded (the one the steering executor marks).</summary>
    public string Lan { get; set; } = "";

    /// <summary>Gets or sets the routing table that holds the default route into the tunnel.</summary>
    public int Table { get; set; } = 200;

    /// <summary>
    /// Gets or sets the rule preference for "LAN traffic into that table": below the steering executor's
    /// per-link rules (1000 + mark), so bonded traffic skips them and falls through to them when the rule goes.
    /// </summary>
    public int RulePreference { get; set; } = 900;

    /// <summary>Gets or sets the nftables table that masquerades LAN traffic into the tunnel (the server routes only the tunnel's address back).</summary>
    public string NftTable { get; set; } = "nfbond_bond";
}
