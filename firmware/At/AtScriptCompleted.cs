namespace NfBond.Firmware.At;

/// <summary>Called on the loop thread when a script has ended; its result fields are set.</summary>
/// <param name="script">The script that ended.</param>
public delegate void AtScriptCompleted(AtScript script);
