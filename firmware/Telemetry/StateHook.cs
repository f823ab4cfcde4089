namespace NfBond.Firmware.Telemetry;

/// <summary>Runs before a state snapshot is written; it may raise events (they go out first).</summary>
public delegate void StateHook();
