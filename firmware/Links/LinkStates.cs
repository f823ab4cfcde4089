namespace NfBond.Firmware.Links;

/// <summary>Names of <see cref="LinkState"/> values for events and telemetry.</summary>
public static class LinkStates
{
    /// <summary>Gets the name of a state.</summary>
    /// <param name="state">The state.</param>
    /// <returns>"unknown", "up" or "down".</returns>
    public static string Name(LinkState state)
    {
        switch (state)
        {
            case LinkState.Up: return "up";
            case LinkState.Down: return "down";
            default: return "unknown";
        }
    }
}
