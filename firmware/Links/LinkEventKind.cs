namespace NfBond.Firmware.Links;

/// <summary>What a <see cref="LinkEvent"/> reports.</summary>
public enum LinkEventKind
{
    /// <summary>The link changed state (Up, Down).</summary>
    StateChanged,

    /// <summary>Flap dampening took the link out of service.</summary>
    Suppressed,

    /// <summary>Flap dampening released the link.</summary>
    Reused,

    /// <summary>Every link lost its probe targets at once; no link was taken down.</summary>
    UpstreamSuspected,

    /// <summary>The links answer again after an upstream suspicion.</summary>
    UpstreamCleared,

    /// <summary>A metered link's probing slowed down or sped up.</summary>
    ProbeRate,
}
