namespace NfBond.Firmware.Text;

/// <summary>
/// UTF-8 to and from strings without System.Text.Encoding (whose surface differs on nanoFramework):
/// MQTT payloads arrive and leave as bytes. Malformed input decodes to U+FFFD, never throws.
/// </summary>
public static class Utf8
{
    /// <summary>Decodes UTF-8 bytes.</summary>
    /// <param name="bytes">The buffer.</param>
    /// <param name="offset">Where the text starts.</param>
    /// <param name="length">How many bytes.</param>
    /// <returns>The text.</returns>
    public static string GetString(byte[] bytes, int offset, int length)
    {
        char[] chars = new char[length];
        int n = 0;
        int end = offset + length;
        int i = offset;
        while (i < end)
        {
            int b = bytes[i];
            int need;
            int code;
            if (b < 0x80)
            {
                chars[n++] = (char)b;
                i++;
                continue;
            }

            if ((b & 0xE0) == 0xC0)
            {
                need = 1;
                code = b & 0x1F;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                need = 2;
                code = b & 0x0F;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                need = 3;
                code = b & 0x07;
            }
            else
            {
                chars[n++] = '\uFFFD';
                i++;
                continue;
            }

            int j = 1;
            while (j <= need && i + j < end && (bytes[i + j] & 0xC0) == 0x80)
            {
                code = (code << 6) | (bytes[i + j] & 0x3F);
                j++;
            }

            if (j <= need)
            {
                chars[n++] = '\uFFFD';
                i += j;
                continue;
            }

            i += need + 1;
            if (code >= 0x10000)
            {
                // Surrogate pairs fit: a 4-byte sequence always frees at least two chars.
                code -= 0x10000;
                chars[n++] = (char)(0xD800 + (code >> 10));
                chars[n++] = (char)(0xDC00 + (code & 0x3FF));
            }
            else
            {
                chars[n++] = (char)code;
            }
        }

        return new string(chars, 0, n);
    }

    /// <summary>Encodes text as UTF-8 (unpaired surrogates become U+FFFD).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The bytes.</returns>
    public static byte[] GetBytes(string text)
    {
        int length = 0;
        int chars;
        for (int i = 0; i < text.Length; i += chars)
        {
            length += EncodedLength(CodePointAt(text, i, out chars));
        }

        byte[] bytes = new byte[length];
        int n = 0;
        for (int i = 0; i < text.Length; i += chars)
        {
            int code = CodePointAt(text, i, out chars);
            int size = EncodedLength(code);
            if (size == 1)
            {
                bytes[n++] = (byte)code;
                continue;
            }

            bytes[n++] = LeadByte(code, size);
            for (int shift = 6 * (size - 2); shift >= 0; shift -= 6)
            {
                bytes[n++] = (byte)(0x80 | ((code >> shift) & 0x3F));
            }
        }

        return bytes;
    }

    /// <summary>
    /// The code point that starts at <paramref name="text"/>[<paramref name="index"/>]: a surrogate pair
    /// combined, an unpaired surrogate as U+FFFD.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="index">Where the character starts.</param>
    /// <param name="chars">How many chars it takes: 1, or 2 for a pair.</param>
    /// <returns>The code point.</returns>
    /// <remarks>
    /// nanoFramework's string indexer returns the high surrogate twice for a character outside the BMP,
    /// so the low half is read with <c>ToCharArray</c>, which is right there (and allocates only then).
    /// </remarks>
    public static int CodePointAt(string text, int index, out int chars)
    {
        int code = text[index];
        chars = 1;
        if (code < 0xD800 || code > 0xDFFF)
        {
            return code;
        }

        if (code <= 0xDBFF && index + 1 < text.Length)
        {
            char[] pair = text.ToCharArray(index, 2);
            if (pair[1] >= 0xDC00 && pair[1] <= 0xDFFF)
            {
                chars = 2;
                return 0x10000 + ((pair[0] - 0xD800) << 10) + (pair[1] - 0xDC00);
            }
        }

        return 0xFFFD;
    }

    /// <summary>The first byte of a multi-byte sequence: one high bit per byte, then the code's top bits.</summary>
    /// <param name="code">The code point.</param>
    /// <param name="size">Its <see cref="EncodedLength"/>, 2 to 4.</param>
    /// <returns>The lead byte; continuation bytes carry the code's remaining bits six at a time.</returns>
    public static byte LeadByte(int code, int size)
    {
        return (byte)(((0xF00 >> size) & 0xF0) | (code >> (6 * (size - 1))));
    }

    /// <summary>How many UTF-8 bytes a code point takes.</summary>
    /// <param name="code">The code point, at most U+10FFFF.</param>
    /// <returns>1 to 4.</returns>
    public static int EncodedLength(int code)
    {
        return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    }

    /// <summary>Decodes hexadecimal text into bytes.</summary>
    /// <param name="hex">Pairs of hex digits.</param>
    /// <returns>The bytes, or null when the text is not hex of even length.</returns>
    public static byte[]? FromHex(string hex)
    {
        if ((hex.Length & 1) != 0)
        {
            return null;
        }

        byte[] bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            int hi = CharClass.HexValue(hex[2 * i]);
            int lo = CharClass.HexValue(hex[2 * i + 1]);
            if (hi < 0 || lo < 0)
            {
                return null;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        return bytes;
    }
}
