using NfBond.Firmware.Text;

namespace NfBond.Firmware.At;

/// <summary>
/// The 3GPP TS 27.007 <c>+CME ERROR</c> causes a controller acts on, so a numeric (<c>AT+CMEE=1</c>) and a
/// verbose (<c>AT+CMEE=2</c>) answer decode to the same code.
/// </summary>
public static class AtErrors
{
    /// <summary>SIM not inserted.</summary>
    public const int SimNotInserted = 10;

    /// <summary>SIM PIN required.</summary>
    public const int SimPinRequired = 11;

    /// <summary>SIM PUK required.</summary>
    public const int SimPukRequired = 12;

    /// <summary>SIM failure.</summary>
    public const int SimFailure = 13;

    /// <summary>SIM busy (still initialising after boot).</summary>
    public const int SimBusy = 14;

    /// <summary>SIM wrong.</summary>
    public const int SimWrong = 15;

    /// <summary>Incorrect password (a wrong PIN).</summary>
    public const int IncorrectPassword = 16;

    /// <summary>Unknown.</summary>
    public const int Unknown = 100;

    private static readonly int[] s_codes =
    {
        0, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 30, 31, 32, 50, 100,
        103, 106, 107, 111, 112, 113, 132, 133, 134, 148, 149,
    };

    private static readonly string[] s_texts =
    {
        "phone failure", "operation not allowed", "operation not supported", "SIM not inserted",
        "SIM PIN required", "SIM PUK required", "SIM failure", "SIM busy", "SIM wrong", "incorrect password",
        "SIM PIN2 required", "SIM PUK2 required", "memory full", "no network service", "network timeout",
        "network not allowed - emergency calls only", "incorrect parameters", "unknown", "illegal MS",
        "illegal ME", "GPRS services not allowed", "PLMN not allowed", "location area not allowed",
        "roaming not allowed in this location area", "service option not supported",
        "requested service option not subscribed", "service option temporarily out of order",
        "unspecified GPRS error", "PDP authentication failure",
    };

    /// <summary>Gets the standard text for <paramref name="code"/>, or null when the table lacks it.</summary>
    /// <param name="code">A CME error code.</param>
    /// <returns>The text.</returns>
    public static string? TextOf(int code)
    {
        for (int i = 0; i < s_codes.Length; i++)
        {
            if (s_codes[i] == code)
            {
                return s_texts[i];
            }
        }

        return null;
    }

    /// <summary>Finds the code of a verbose error text, ignoring case.</summary>
    /// <param name="line">The line holding the text.</param>
    /// <param name="start">Index where the text starts.</param>
    /// <returns>The code, or -1 when the text is not in the table.</returns>
    public static int CodeOf(AtLine line, int start)
    {
        int length = line.Length - start;
        for (int i = 0; i < s_texts.Length; i++)
        {
            string text = s_texts[i];
            if (text.Length != length)
            {
                continue;
            }

            int j = 0;
            while (j < length && CharClass.ToLower(line[start + j]) == CharClass.ToLower(text[j]))
            {
                j++;
            }

            if (j == length)
            {
                return s_codes[i];
            }
        }

        return -1;
    }
}
