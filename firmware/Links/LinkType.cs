namespace NfBond.Firmware.Links;

/// <summary>The physical kind of a WAN link; used for diversity checks and defaults.</summary>
public enum LinkType
{
    /// <summary>Fiber to the premises.</summary>
    Fiber,

    /// <summary>DSL over copper.</summary>
    Dsl,

    /// <summary>DOCSIS cable.</summary>
    Cable,

    /// <summary>LTE through a cellular modem.</summary>
    Lte,

    /// <summary>5G (NSA or SA) through a cellular modem.</summary>
    FiveG,

    /// <summary>Starlink or another satellite service.</summary>
    Starlink,

    /// <summary>Fixed wireless / radio link.</summary>
    Radio,
}
