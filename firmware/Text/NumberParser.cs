namespace NfBond.Firmware.Text;

/// <summary>
/// Overflow-checked integer parsing over a slice of a string, with no allocation and no exceptions:
/// protocol decoders parse fields in place instead of cutting substrings first.
/// </summary>
public static class NumberParser
{
    /// <summary>Parses an optionally signed decimal integer filling the whole slice.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">Index of the first character.</param>
    /// <param name="length">Number of characters; 0 fails.</param>
    /// <param name="value">The parsed value, or 0 on failure.</param>
    /// <returns>True if the slice is a decimal integer within the 64-bit range.</returns>
    public static bool TryParseInt64(string text, int start, int length, out long value)
    {
        value = 0;
        if (text == null || start < 0 || length <= 0 || start + length > text.Length)
        {
            return false;
        }

        int i = start;
        int end = start + length;
        bool negative = false;
        if (text[i] == '-' || text[i] == '+')
        {
            negative = text[i] == '-';
            i++;
            if (i == end)
            {
                return false;
            }
        }

        // Accumulate as a negative number: its range is one larger, so long.MinValue parses too.
        long result = 0;
        for (; i < end; i++)
        {
            char c = text[i];
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
        }

        if (!negative)
        {
            if (result == long.MinValue)
            {
                return false;
            }

            result = -result;
        }

        value = result;
        return true;
    }

    /// <summary>Parses an optionally signed decimal 32-bit integer filling the whole slice.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">Index of the first character.</param>
    /// <param name="length">Number of characters.</param>
    /// <param name="value">The parsed value, or 0 on failure.</param>
    /// <returns>True if the slice is a decimal integer within the 32-bit range.</returns>
    public static bool TryParseInt32(string text, int start, int length, out int value)
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

    /// <summary>Parses a whole string as a decimal 32-bit integer.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The parsed value, or 0 on failure.</param>
    /// <returns>True on success.</returns>
    public static bool TryParseInt32(string text, out int value)
    {
        return TryParseInt32(text, 0, text == null ? 0 : text.Length, out value);
    }

    /// <summary>Parses unsigned hexadecimal digits (no prefix) filling the whole slice.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">Index of the first digit.</param>
    /// <param name="length">Number of digits, 1 to 16.</param>
    /// <param name="value">The parsed value, or 0 on failure.</param>
    /// <returns>True if every character is a hex digit and the value fits in 64 bits.</returns>
    public static bool TryParseHex(string text, int start, int length, out long value)
    {
        value = 0;
        if (text == null || start < 0 || length <= 0 || length > 16 || start + length > text.Length)
        {
            return false;
        }

        long result = 0;
        for (int i = start; i < start + length; i++)
        {
            int digit = CharClass.HexValue(text[i]);
            if (digit < 0)
            {
                return false;
            }

            result = (result << 4) | (long)digit;
        }

        value = result;
        return true;
    }
}
