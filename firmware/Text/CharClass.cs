namespace NfBond.Firmware.Text;

/// <summary>
/// ASCII character classes. nanoFramework's <c>char</c> has only ToLower/ToUpper, so protocol code
/// classifies characters here; everything outside ASCII counts as "other".
/// </summary>
public static class CharClass
{
    /// <summary>Gets whether <paramref name="c"/> is '0' to '9'.</summary>
    /// <param name="c">The character.</param>
    /// <returns>True for a decimal digit.</returns>
    public static bool IsDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    /// <summary>Gets the value of a hexadecimal digit, or -1.</summary>
    /// <param name="c">The character.</param>
    /// <returns>0 to 15, or -1 if <paramref name="c"/> is not a hex digit.</returns>
    public static int HexValue(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }

        return -1;
    }

    /// <summary>Gets whether <paramref name="c"/> is a space, tab, CR, LF, vertical tab or form feed.</summary>
    /// <param name="c">The character.</param>
    /// <returns>True for ASCII white space.</returns>
    public static bool IsWhiteSpace(char c)
    {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /// <summary>Compares two strings, ignoring ASCII case.</summary>
    /// <param name="a">The first string.</param>
    /// <param name="b">The second string.</param>
    /// <returns>True if equal apart from ASCII letter case; two nulls are equal.</returns>
    public static bool EqualsIgnoreCase(string? a, string? b)
    {
        if (a == null || b == null)
        {
            return a == null && b == null;
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (ToLower(a[i]) != ToLower(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-cases an ASCII letter; other characters are returned unchanged.</summary>
    /// <param name="c">The character.</param>
    /// <returns>The lower-case letter, or <paramref name="c"/>.</returns>
    public static char ToLower(char c)
    {
        return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
}
