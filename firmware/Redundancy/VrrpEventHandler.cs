namespace NfBond.Firmware.Redundancy;

/// <summary>Receives VRRP state changes on the loop thread.</summary>
/// <param name="vrrpEvent">The change.</param>
public delegate void VrrpEventHandler(VrrpEvent vrrpEvent);
