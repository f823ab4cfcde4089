namespace NfBond.Firmware.At;

/// <summary>Receives a deferred result line (<c>+QPING:</c> after <c>OK</c>).</summary>
/// <param name="line">The line.</param>
/// <returns>True when this line completes the deferred result.</returns>
public delegate bool AtDeferredHandler(AtLine line);
