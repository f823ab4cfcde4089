namespace NfBond.Firmware.At;

/// <summary>Recognises the lines that end a command (V.250 final result codes and the 27.007 errors).</summary>
public static class AtFinalResult
{
    private const string CmePrefix = "+CME ERROR:";
    private const string CmsPrefix = "+CMS ERROR:";

    /// <summary>Classifies <paramref name="line"/>.</summary>
    /// <param name="line">A received line.</param>
    /// <returns>The final result, or <see cref="AtResult.Pending"/> when the line is not one.</returns>
    public static AtResult Classify(AtLine line)
    {
        if (line.Is("OK"))
        {
            return AtResult.Ok;
        }

        if (line.Is("ERROR"))
        {
            return AtResult.Error;
        }

        if (line.StartsWith(CmePrefix))
        {
            return AtResult.CmeError;
        }

        if (line.StartsWith(CmsPrefix))
        {
            return AtResult.CmsError;
        }

        if (line.Is("NO CARRIER"))
        {
            return AtResult.NoCarrier;
        }

        if (line.Is("BUSY"))
        {
            return AtResult.Busy;
        }

        if (line.Is("NO ANSWER"))
        {
            return AtResult.NoAnswer;
        }

        if (line.Is("NO DIALTONE"))
        {
            return AtResult.NoDialtone;
        }

        if (line.StartsWith("CONNECT") && (line.Length == 7 || line[7] == ' '))
        {
            return AtResult.Connect;
        }

        return AtResult.Pending;
    }

    /// <summary>Reads the cause of a <c>+CME ERROR:</c> or <c>+CMS ERROR:</c> line, numeric or verbose.</summary>
    /// <param name="line">The error line.</param>
    /// <returns>The code, or -1 when the verbose text is not a known one.</returns>
    public static int ErrorCode(AtLine line)
    {
        int code;
        if (line.TryGetInt(0, out code))
        {
            return code;
        }

        return AtErrors.CodeOf(line, CmePrefix.Length + 1 <= line.Length && line[CmePrefix.Length] == ' ' ? CmePrefix.Length + 1 : CmePrefix.Length);
    }
}
