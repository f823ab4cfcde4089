using NfBond.Firmware.Text;

namespace NfBond.Firmware.At;

/// <summary>
/// One line received from a modem, held in a reused buffer. Matching and field access read the buffer
/// directly, so decoding a steady-state response allocates nothing; only <see cref="Text"/> and
/// <see cref="FieldText"/> create strings.
/// </summary>
/// <remarks>
/// Fields are the comma-separated values after the first <c>": "</c> (or the whole line when there is no
/// prefix). Quotes around a field are not part of its value, and a comma inside quotes does not split.
/// </remarks>
public sealed class AtLine
{
    /// <summary>The most fields a line is split into; further commas stay in the last field.</summary>
    public const int MaxFields = 32;

    private readonly char[] _chars;
    private readonly int[] _fieldStart = new int[MaxFields];
    private readonly int[] _fieldEnd = new int[MaxFields];
    private readonly bool[] _fieldQuoted = new bool[MaxFields];
    private int _fieldCount = -1;

    /// <summary>Creates an empty line holding at most <paramref name="capacity"/> characters.</summary>
    /// <param name="capacity">The longest line kept.</param>
    public AtLine(int capacity)
    {
        _chars = new char[capacity];
    }

    /// <summary>Gets the most characters a line can hold.</summary>
    public int Capacity => _chars.Length;

    /// <summary>Gets the number of characters in the line.</summary>
    public int Length { get; private set; }

    /// <summary>Gets the character at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based position.</param>
    public char this[int index] => _chars[index];

    /// <summary>Gets the line as a new string (allocates; for logs and rare paths).</summary>
    public string Text => new string(_chars, 0, Length);

    /// <summary>Replaces the line with <paramref name="text"/>, cut to <see cref="Capacity"/>.</summary>
    /// <param name="text">The new content.</param>
    public void Set(string text)
    {
        int n = text.Length < _chars.Length ? text.Length : _chars.Length;
        for (int i = 0; i < n; i++)
        {
            _chars[i] = text[i];
        }

        Length = n;
        _fieldCount = -1;
    }

    /// <summary>Empties the line.</summary>
    public void Clear()
    {
        Length = 0;
        _fieldCount = -1;
    }

    /// <summary>Appends one character; returns false when the line is full.</summary>
    /// <param name="c">The character.</param>
    /// <returns>True if it was stored.</returns>
    public bool Append(char c)
    {
        if (Length == _chars.Length)
        {
            return false;
        }

        _chars[Length++] = c;
        _fieldCount = -1;
        return true;
    }

    /// <summary>Gets whether the line begins with <paramref name="prefix"/> (exact case).</summary>
    /// <param name="prefix">The text to look for.</param>
    /// <returns>True on a match.</returns>
    public bool StartsWith(string prefix)
    {
        if (prefix.Length > Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (_chars[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets whether the line from <paramref name="offset"/> on equals <paramref name="text"/>.</summary>
    /// <param name="offset">Where the compared part starts.</param>
    /// <param name="text">The text to compare.</param>
    /// <returns>True when equal.</returns>
    public bool RestIs(int offset, string text)
    {
        if (offset > Length || Length - offset != text.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (_chars[offset + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets the text of the line from <paramref name="offset"/> on.</summary>
    /// <param name="offset">Where it starts.</param>
    /// <returns>The text.</returns>
    public string TextFrom(int offset) => new string(_chars, offset, Length - offset);

    /// <summary>Gets whether the whole line equals <paramref name="text"/>.</summary>
    /// <param name="text">The text to compare.</param>
    /// <returns>True when equal.</returns>
    public bool Is(string text) => text.Length == Length && StartsWith(text);

    /// <summary>Gets whether the line equals <paramref name="text"/> ignoring ASCII case (echoes vary).</summary>
    /// <param name="text">The text to compare.</param>
    /// <returns>True when equal.</returns>
    public bool IsIgnoreCase(string text)
    {
        if (text.Length != Length)
        {
            return false;
        }

        for (int i = 0; i < Length; i++)
        {
            if (CharClass.ToLower(_chars[i]) != CharClass.ToLower(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets the number of fields (see the class remarks).</summary>
    public int FieldCount
    {
        get
        {
            if (_fieldCount < 0)
            {
                SplitFields();
            }

            return _fieldCount;
        }
    }

    /// <summary>Gets whether field <paramref name="index"/> was written in quotes.</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <returns>False also when the field does not exist.</returns>
    public bool IsQuoted(int index) => index < FieldCount && _fieldQuoted[index];

    /// <summary>Gets whether field <paramref name="index"/> is missing or empty.</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <returns>True when there is no value.</returns>
    public bool IsEmpty(int index) => index >= FieldCount || _fieldEnd[index] == _fieldStart[index];

    /// <summary>Gets whether field <paramref name="index"/> equals <paramref name="text"/>.</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <param name="text">The expected value, without quotes.</param>
    /// <returns>True when equal.</returns>
    public bool FieldIs(int index, string text)
    {
        if (index >= FieldCount || _fieldEnd[index] - _fieldStart[index] != text.Length)
        {
            return false;
        }

        int start = _fieldStart[index];
        for (int i = 0; i < text.Length; i++)
        {
            if (CharClass.ToLower(_chars[start + i]) != CharClass.ToLower(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets whether field <paramref name="index"/> equals <paramref name="value"/> (no allocation).</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <param name="value">The string to compare, usually the value decoded last time.</param>
    /// <returns>True when equal, false also when <paramref name="value"/> is null.</returns>
    public bool FieldEquals(int index, string? value)
    {
        if (value == null || index >= FieldCount || _fieldEnd[index] - _fieldStart[index] != value.Length)
        {
            return false;
        }

        int start = _fieldStart[index];
        for (int i = 0; i < value.Length; i++)
        {
            if (_chars[start + i] != value[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads field <paramref name="index"/> as a decimal integer.</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <param name="value">The value, or 0 when this returns false.</param>
    /// <returns>False when the field is missing or not a number.</returns>
    public bool TryGetInt(int index, out int value)
    {
        value = 0;
        if (index >= FieldCount)
        {
            return false;
        }

        long parsed;
        if (!NumberParser.TryParseInt64(_chars, _fieldStart[index], _fieldEnd[index] - _fieldStart[index], out parsed)
            || parsed > int.MaxValue || parsed < int.MinValue)
        {
            return false;
        }

        value = (int)parsed;
        return true;
    }

    /// <summary>Reads field <paramref name="index"/> as a decimal 64-bit integer.</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <param name="value">The value, or 0 when this returns false.</param>
    /// <returns>False when the field is missing or not a number.</returns>
    public bool TryGetLong(int index, out long value)
    {
        value = 0;
        return index < FieldCount
            && NumberParser.TryParseInt64(_chars, _fieldStart[index], _fieldEnd[index] - _fieldStart[index], out value);
    }

    /// <summary>Reads field <paramref name="index"/> as hexadecimal (cell ids, TACs).</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <param name="value">The value, or 0 when this returns false.</param>
    /// <returns>False when the field is missing or not hexadecimal.</returns>
    public bool TryGetHex(int index, out long value)
    {
        value = 0;
        if (index >= FieldCount)
        {
            return false;
        }

        int start = _fieldStart[index];
        if (_fieldEnd[index] - start > 2 && _chars[start] == '0' && (_chars[start + 1] == 'x' || _chars[start + 1] == 'X'))
        {
            start += 2;
        }

        return NumberParser.TryParseHex(_chars, start, _fieldEnd[index] - start, out value);
    }

    /// <summary>
    /// Reads one part of a field that joins numbers with <paramref name="separator"/> (SIMCom's
    /// <c>262-01</c>), with its digit count so leading zeros survive.
    /// </summary>
    /// <param name="index">Zero-based field number.</param>
    /// <param name="separator">The joining character.</param>
    /// <param name="part">Zero-based part number.</param>
    /// <param name="value">The value, or 0 when this returns false.</param>
    /// <param name="digits">The number of characters of the part.</param>
    /// <returns>False when the field or part is missing or not a number.</returns>
    public bool TryGetIntPart(int index, char separator, int part, out int value, out int digits)
    {
        value = 0;
        digits = 0;
        if (index >= FieldCount)
        {
            return false;
        }

        int start = _fieldStart[index];
        int end = _fieldEnd[index];
        for (int p = 0; p < part; p++)
        {
            while (start < end && _chars[start] != separator)
            {
                start++;
            }

            if (start == end)
            {
                return false;
            }

            start++;
        }

        int stop = start;
        while (stop < end && _chars[stop] != separator)
        {
            stop++;
        }

        long parsed;
        if (!NumberParser.TryParseInt64(_chars, start, stop - start, out parsed) || parsed > int.MaxValue || parsed < 0)
        {
            return false;
        }

        value = (int)parsed;
        digits = stop - start;
        return true;
    }

    /// <summary>Reads characters <paramref name="offset"/> to <paramref name="offset"/>+<paramref name="length"/> of a field as a decimal number ("26201": MCC 262, MNC 01).</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <param name="offset">First character within the field.</param>
    /// <param name="length">Number of characters.</param>
    /// <param name="value">The value, or 0 when this returns false.</param>
    /// <returns>False when the slice is outside the field or not a number.</returns>
    public bool TryGetIntSlice(int index, int offset, int length, out int value)
    {
        value = 0;
        if (index >= FieldCount || offset < 0 || length <= 0 || offset + length > _fieldEnd[index] - _fieldStart[index])
        {
            return false;
        }

        long parsed;
        if (!NumberParser.TryParseInt64(_chars, _fieldStart[index] + offset, length, out parsed) || parsed > int.MaxValue || parsed < int.MinValue)
        {
            return false;
        }

        value = (int)parsed;
        return true;
    }

    /// <summary>Gets the number of characters in field <paramref name="index"/> (0 when missing).</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <returns>The length without quotes.</returns>
    public int FieldLength(int index) => index < FieldCount ? _fieldEnd[index] - _fieldStart[index] : 0;

    /// <summary>Gets field <paramref name="index"/> as a new string without quotes (allocates).</summary>
    /// <param name="index">Zero-based field number.</param>
    /// <returns>The value, or an empty string when the field is missing.</returns>
    public string FieldText(int index)
    {
        if (index >= FieldCount)
        {
            return string.Empty;
        }

        return new string(_chars, _fieldStart[index], _fieldEnd[index] - _fieldStart[index]);
    }

    /// <summary>Gets the text after the prefix (after <c>": "</c>) as a new string; the whole line when none.</summary>
    /// <returns>The text.</returns>
    public string ValueText()
    {
        int start = ValueStart();
        return new string(_chars, start, Length - start);
    }

    private int ValueStart()
    {
        // A prefixed response is "+NAME: values" (or "+NAME:values"); a bare line is all value.
        if (Length > 0 && (_chars[0] == '+' || _chars[0] == '*' || _chars[0] == '^'))
        {
            for (int i = 1; i < Length; i++)
            {
                if (_chars[i] == ':')
                {
                    int start = i + 1;
                    while (start < Length && _chars[start] == ' ')
                    {
                        start++;
                    }

                    return start;
                }
            }
        }

        return 0;
    }

    private void SplitFields()
    {
        int count = 0;
        int i = ValueStart();
        while (count < MaxFields)
        {
            while (i < Length && _chars[i] == ' ')
            {
                i++;
            }

            bool quoted = i < Length && _chars[i] == '"';
            int start;
            int end;
            if (quoted)
            {
                start = i + 1;
                end = start;
                while (end < Length && _chars[end] != '"')
                {
                    end++;
                }

                i = end < Length ? end + 1 : end;
                while (i < Length && _chars[i] != ',')
                {
                    i++;
                }
            }
            else
            {
                start = i;
                bool last = count == MaxFields - 1;
                while (i < Length && (last || _chars[i] != ','))
                {
                    i++;
                }

                end = i;
                while (end > start && _chars[end - 1] == ' ')
                {
                    end--;
                }
            }

            _fieldStart[count] = start;
            _fieldEnd[count] = end;
            _fieldQuoted[count] = quoted;
            count++;
            if (i >= Length)
            {
                break;
            }

            i++;
        }

        _fieldCount = Length == 0 ? 0 : count;
    }
}
