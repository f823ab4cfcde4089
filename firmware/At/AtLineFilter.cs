namespace NfBond.Firmware.At;

/// <summary>
/// Decides whether a line that starts with a step's expected prefix really is the response, for commands
/// whose response shares its prefix with a URC (<c>+CEREG: 2,1</c> read response versus <c>+CEREG: 1</c> URC).
/// </summary>
/// <param name="line">The candidate line.</param>
/// <returns>True if it is the response; false sends it to the URC handlers.</returns>
public delegate bool AtLineFilter(AtLine line);
