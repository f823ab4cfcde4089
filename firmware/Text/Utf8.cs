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
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            {
                length += 4;
                i++;
            }
            else
            {
                length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }

        byte[] bytes = new byte[length];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            {
                c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                i++;
                bytes[n++] = (byte)(0xF0 | (c >> 18));
                bytes[n++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                bytes[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[n++] = (byte)(0x80 | (c & 0x3F));
                continue;
            }

            if (c >= 0xD800 && c <= 0xDFFF)
            {
                c = 0xFFFD;
            }

            if (c < 0x80)
            {
                bytes[n++] = (byte)c;
            }
            else if (c < 0x800)
            {
                bytes[n++] = (byte)(0xC0 | (c >> 6));
                bytes[n++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                bytes[n++] = (byte)(0xE0 | (c >> 12));
                bytes[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[n++] = (byte)(0x80 | (c & 0x3F));
            }
        }

        return bytes;
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
