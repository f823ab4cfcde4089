namespace NfBond.Firmware.Runtime;

/// <summary>Told about each record added to an <see cref="EventLog"/>.</summary>
/// <param name="entry">The new record.</param>
public delegate void EventLogged(EventLogEntry entry);
