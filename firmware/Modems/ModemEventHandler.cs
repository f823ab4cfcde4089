namespace NfBond.Firmware.Modems;

/// <summary>Receives a supervisor's events on the loop thread.</summary>
/// <param name="supervisor">The reporting supervisor.</param>
/// <param name="modemEvent">The event.</param>
public delegate void ModemEventHandler(ModemSupervisor supervisor, ModemEvent modemEvent);
