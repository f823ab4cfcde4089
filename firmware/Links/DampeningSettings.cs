namespace NfBond.Firmware.Links;

/// <summary>
/// Flap dampening in the manner of BGP route-flap dampening (RFC 2439): every down transition adds a
/// penalty that halves every half-life; above <see cref="SuppressAt"/> the link is kept out of service
/// until the penalty decays below <see cref="ReuseAt"/>.
/// </summary>
public sealed class DampeningSettings
{
    /// <summary>Gets or sets whether dampening is on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the penalty added per down transition.</summary>
    public int Penalty { get; set; } = 1000;

    /// <summary>Gets or sets the penalty at which the link is suppressed.</summary>
    public int SuppressAt { get; set; } = 3000;

    /// <summary>Gets or sets the penalty below which a suppressed link may be used again.</summary>
    public int ReuseAt { get; set; } = 1000;

    /// <summary>Gets or sets the penalty's half-life.</summary>
    public int HalfLifeMs { get; set; } = 300000;
}
