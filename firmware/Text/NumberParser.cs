namespace NfBond.Firmware.Text;

/// <summary>
/// Overflow-checked integer parsing over a slice of a character buffer, with no allocation and no
/// exceptions: protocol decoders parse fields in place instead of cutting substrings first.
/// </summary>
public static class NumberParser
{
    /// <summary>Parses an optionally signed decimal integer filling a slice of a character buffer.</summary>
    /// <param name="text">The characters.</param>
    /// <param name="start">Index of the first character.</param>
    /// <param name="length">Number of characters; 0 fails.</param>
    /// <param name="value">The parsed value, or 0 on failure.</param>
    /// <returns>True if the slice is a decimal integer within the 64-bit range.</returns>
    public static bool TryParseInt64(char[] text, int start, int length, out long value)
    {
        value = 0;
        if (text == null || start < 0 || length <= 0 || start + length > text.Length)
        {
            return false;
        }

        int i = start;
        int end = start + length;
        bool negative = text[i] == '-';
        if (negative || text[i] == '+')
        {
            i++;
        }

        long result = 0;
        bool any = false;
        for (; i < end; i++)
        {
            if (!AddDigit(ref result, text[i]))
            {
                return false;
            }

            any = true;
        }

        return Finish(any, negative, result, out value);
    }

    // Accumulates as a negative number: its range is one larger, so long.MinValue parses too.
    private static bool AddDigit(ref long result, char c)
    {
        if (!CharClass.IsDigit(c))
        {
            return false;
        }

        int digit = c - '0';
        if (result < (long.MinValue + digit) / 10)
        {
            return false;
        }

        result = result * 10 - digit;
        return true;
    }

    private static bool Finish(bool any, bool negative, long result, out long value)
    {
        value = 0;
        if (!any || (!negative && result == long.MinValue))
        {
            return false;
        }

        value = negative ? result : -result;
        return true;
    }

    /// <summary>Parses an optionally signed decimal 32-bit integer filling the whole slice.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">Index of the first character.</param>
    /// <param name="length">Number of characters.</param>
    /// <param name="value">The parsed value, or 0 on failure.</param>
    /// <returns>True if the slice is a decimal integer within the 32-bit range.</returns>
    public static bool TryParseInt32(char[] text, int start, int length, out int value)
    {
        value = 0;
        long wide;
        if (!TryParseInt64(text, start, length, out wide) || wide < int.MinValue || wide > int.MaxValue)
        {
            return false;
        }

        value = (int)wide;
        return true;
    }

    /// <summary>Parses unsigned hexadecimal digits (no prefix) filling a slice of a character buffer.</summary>
    /// <param name="text">The characters.</param>
    /// <param name="start">Index of the first digit.</param>
    /// <param name="length">Number of digits, 1 to 16.</param>
    /// <param name="value">The parsed value, or 0 on failure.</param>
    /// <returns>True if every character is a hex digit and the value fits in 64 bits.</returns>
    public static bool TryParseHex(char[] text, int start, int length, out long value)
    {
        value = 0;
        if (text == null || start < 0 || length <= 0 || length > 16 || start + length > text.Length)
        {
            return false;
        }

        long result = 0;
        for (int i = start; i < start + length; i++)
        {
            if (!AddHexDigit(ref result, text[i]))
            {
                return false;
            }
        }

        value = result;
        return true;
    }

    private static bool AddHexDigit(ref long result, char c)
    {
        int digit = CharClass.HexValue(c);
        if (digit < 0)
        {
            return false;
        }

        result = (result << 4) | (long)digit;
        return true;
    }
}
