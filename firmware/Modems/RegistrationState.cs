namespace NfBond.Firmware.Modems;

/// <summary>Network registration status, the <c>stat</c> of <c>+CREG/+CGREG/+CEREG/+C5GREG</c> (3GPP TS 27.007).</summary>
public enum RegistrationState
{
    /// <summary>0: not registered and not searching.</summary>
    NotSearching = 0,

    /// <summary>1: registered on the home network.</summary>
    Home = 1,

    /// <summary>2: not registered, searching.</summary>
    Searching = 2,

    /// <summary>3: registration denied.</summary>
    Denied = 3,

    /// <summary>4: unknown (also: never read).</summary>
    Unknown = 4,

    /// <summary>5: registered, roaming.</summary>
    Roaming = 5,
}
