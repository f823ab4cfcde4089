namespace NfBond.Firmware.Telemetry;

/// <summary>Executes a verified command on the loop thread.</summary>
/// <param name="command">The command.</param>
/// <returns>Null when done, else why it failed (sent back in the response).</returns>
public delegate string? CommandHandler(TelemetryCommand command);
