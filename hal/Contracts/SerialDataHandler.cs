namespace NfBond.Hal;

/// <summary>Tells the owner of a serial line that bytes are waiting to be read.</summary>
/// <param name="line">The line with data.</param>
/// <remarks>May be called on any thread: the handler should only post work to the event loop.</remarks>
public delegate void SerialDataHandler(ISerialLine line);
