namespace NfBond.Firmware.Modems;

/// <summary>What the modem says about its SIM (<c>+CPIN</c>, <c>+CME ERROR</c> 10 to 15).</summary>
public enum SimState
{
    /// <summary>Not asked yet.</summary>
    Unknown,

    /// <summary>Ready for use.</summary>
    Ready,

    /// <summary>Still initialising (<c>+CME ERROR: 14</c>, <c>+CPIN: NOT READY</c>); normal for seconds after boot.</summary>
    Busy,

    /// <summary>Waiting for the PIN.</summary>
    PinRequired,

    /// <summary>Locked: needs the PUK, which the controller never guesses.</summary>
    PukRequired,

    /// <summary>No SIM in the holder.</summary>
    NotInserted,

    /// <summary>The SIM failed or is the wrong kind.</summary>
    Failure,
}
