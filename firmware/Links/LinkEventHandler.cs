namespace NfBond.Firmware.Links;

/// <summary>Receives link events on the loop thread.</summary>
/// <param name="linkEvent">The event.</param>
public delegate void LinkEventHandler(LinkEvent linkEvent);
