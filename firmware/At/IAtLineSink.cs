namespace NfBond.Firmware.At;

/// <summary>Receives what <see cref="AtLineFramer"/> cuts out of the byte stream.</summary>
public interface IAtLineSink
{
    /// <summary>A complete, non-empty line arrived. The line object is reused for the next line.</summary>
    /// <param name="line">The line, without CR/LF.</param>
    void OnLine(AtLine line);

    /// <summary>The modem printed the <c>"> "</c> prompt asking for a payload.</summary>
    void OnPrompt();
}
