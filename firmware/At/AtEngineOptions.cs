namespace NfBond.Firmware.At;

/// <summary>Tuning for an <see cref="AtEngine"/>; the defaults suit the modules in boards/.</summary>
public sealed class AtEngineOptions
{
    /// <summary>
    /// Gets or sets the longest line kept; longer ones are dropped and counted. The longest answers the
    /// firmware decodes (a 5G serving-cell report) are about 130 characters.
    /// </summary>
    public int MaxLineLength { get; set; } = 256;

    /// <summary>Gets or sets the size of the buffer the UART is drained into.</summary>
    public int ReadBufferSize { get; set; } = 256;

    /// <summary>Gets or sets how long the resynchronising <c>AT</c> waits for its answer.</summary>
    public int ResyncTimeoutMs { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the silence required after the resync <c>OK</c>: a late result of the timed-out command
    /// arrives just before it, and any that arrives in this window is swallowed too.
    /// </summary>
    public int QuietWindowMs { get; set; } = 250;
}
