using System;

namespace NfBond.Firmware.Runtime;

/// <summary>Told about an exception that escaped a loop callback; the loop keeps running.</summary>
/// <param name="source">The timer or posted action whose callback threw.</param>
/// <param name="error">The exception.</param>
public delegate void LoopFaultHandler(object source, Exception error);
