namespace NfBond.Firmware.At;

/// <summary>Receives a response line or an unsolicited result code. The line object is reused afterwards.</summary>
/// <param name="line">The line.</param>
public delegate void AtLineHandler(AtLine line);
