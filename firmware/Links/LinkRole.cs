namespace NfBond.Firmware.Links;

/// <summary>How a link takes part in steering.</summary>
public enum LinkRole
{
    /// <summary>The main line: carries traffic whenever it is healthy.</summary>
    Primary,

    /// <summary>Carries traffic by weight beside the primary (active-active).</summary>
    Active,

    /// <summary>Carries nothing while any primary or active link is up.</summary>
    Backup,
}
