namespace NfBond.Firmware.Telemetry;

/// <summary>Writes the members of a state snapshot (the agent opens and closes the object).</summary>
/// <param name="writer">The writer, positioned inside the object.</param>
public delegate void StateWriter(JsonWriter writer);
