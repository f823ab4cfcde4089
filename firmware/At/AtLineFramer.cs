namespace NfBond.Firmware.At;

/// <summary>
/// Cuts a modem's byte stream into lines. CR and LF both end a line and empty lines vanish, so
/// <c>\r\n</c>, <c>\n</c> and <c>\r\r\n</c> all frame the same. The <c>"> "</c> prompt has no line end and is
/// recognised by its two bytes at the start of a line.
/// </summary>
/// <remarks>
/// Noise is dropped and counted, never passed on: bytes outside printable ASCII (the 0xFF bursts some
/// modules emit on a glitching UART) and the tail of a line longer than the buffer. Memory is fixed.
/// </remarks>
public sealed class AtLineFramer
{
    private readonly AtLine _line;
    private readonly IAtLineSink _sink;
    private bool _overlong;

    /// <summary>Creates a framer that hands lines of at most <paramref name="maxLineLength"/> characters to <paramref name="sink"/>.</summary>
    /// <param name="sink">Receives lines and prompts.</param>
    /// <param name="maxLineLength">Longer lines are dropped whole and counted in <see cref="OverlongLines"/>.</param>
    public AtLineFramer(IAtLineSink sink, int maxLineLength)
    {
        _sink = sink;
        _line = new AtLine(maxLineLength);
    }

    /// <summary>Gets how many bytes were dropped as noise.</summary>
    public long NoiseBytes { get; private set; }

    /// <summary>Gets how many lines were dropped for being too long.</summary>
    public long OverlongLines { get; private set; }

    /// <summary>Gets how many lines were delivered.</summary>
    public long Lines { get; private set; }

    /// <summary>Forgets a partial line (after the modem reset or the baud rate changed).</summary>
    public void Reset()
    {
        _line.Clear();
        _overlong = false;
    }

    /// <summary>Feeds received bytes.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Index of the first byte.</param>
    /// <param name="count">Number of bytes.</param>
    public void Feed(byte[] buffer, int offset, int count)
    {
        int end = offset + count;
        for (int i = offset; i < end; i++)
        {
            Feed(buffer[i]);
        }
    }

    /// <summary>Feeds one received byte.</summary>
    /// <param name="b">The byte.</param>
    public void Feed(byte b)
    {
        if (b == '\r' || b == '\n')
        {
            EndLine();
            return;
        }

        if (b < 0x20 || b > 0x7E)
        {
            NoiseBytes++;
            return;
        }

        if (_overlong)
        {
            return;
        }

        if (!_line.Append((char)b))
        {
            _overlong = true;
            OverlongLines++;
            _line.Clear();
            return;
        }

        if (b == ' ' && _line.Length == 2 && _line[0] == '>')
        {
            _line.Clear();
            _sink.OnPrompt();
        }
    }

    private void EndLine()
    {
        if (_overlong)
        {
            _overlong = false;
            return;
        }

        if (_line.Length == 0)
        {
            return;
        }

        Lines++;
        _sink.OnLine(_line);
        _line.Clear();
    }
}
