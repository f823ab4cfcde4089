namespace NfBond.Firmware.Links;

/// <summary>What the detector believes about a link.</summary>
public enum LinkState
{
    /// <summary>Just started: no round has answered yet and the dead interval has not passed.</summary>
    Unknown,

    /// <summary>Answering probes; may carry traffic.</summary>
    Up,

    /// <summary>Declared failed; carries nothing until it rises again.</summary>
    Down,
}
