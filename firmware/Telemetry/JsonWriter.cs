using System;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Telemetry;

/// <summary>
/// Writes compact JSON straight into a reusable UTF-8 byte buffer: no reflection, no intermediate
/// strings, so building a message allocates nothing once the buffer has grown to size. Commas and
/// nesting are tracked, so callers write names and values in order and get valid JSON.
/// </summary>
public sealed class JsonWriter
{
    private const int MaxDepth = 16;
    private readonly bool[] _needComma = new bool[MaxDepth];
    private byte[] _buffer;
    private int _depth;

    /// <summary>Creates a writer with an initial buffer size.</summary>
    /// <param name="capacity">Bytes to start with; the buffer grows when needed.</param>
    public JsonWriter(int capacity)
    {
        _buffer = new byte[capacity];
    }

    /// <summary>Gets the buffer; the message is its first <see cref="Length"/> bytes.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Gets the bytes written.</summary>
    public int Length { get; private set; }

    /// <summary>Starts a new message, keeping the buffer.</summary>
    public void Reset()
    {
        Length = 0;
        _depth = 0;
        _needComma[0] = false;
    }

    /// <summary>Copies the message out.</summary>
    /// <returns>A new array of <see cref="Length"/> bytes.</returns>
    public byte[] ToArray()
    {
        byte[] copy = new byte[Length];
        Array.Copy(_buffer, copy, Length);
        return copy;
    }

    /// <summary>Opens an object (as a value or at the top).</summary>
    public void BeginObject()
    {
        Separate();
        Byte((byte)'{');
        Push();
    }

    /// <summary>Closes the current object.</summary>
    public void EndObject()
    {
        _depth--;
        Byte((byte)'}');
    }

    /// <summary>Opens an array.</summary>
    public void BeginArray()
    {
        Separate();
        Byte((byte)'[');
        Push();
    }

    /// <summary>Closes the current array.</summary>
    public void EndArray()
    {
        _depth--;
        Byte((byte)']');
    }

    /// <summary>Writes a member name; the next call writes its value.</summary>
    /// <param name="name">The name.</param>
    public void Name(string name)
    {
        Separate();
        Quoted(name);
        Byte((byte)':');
        _needComma[_depth] = false;
    }

    /// <summary>Writes a string value (null writes null).</summary>
    /// <param name="value">The value.</param>
    public void String(string? value)
    {
        Separate();
        if (value == null)
        {
            Literal("null");
            return;
        }

        Quoted(value);
    }

    /// <summary>Writes an integer value.</summary>
    /// <param name="value">The value.</param>
    public void Number(long value)
    {
        Separate();
        if (value < 0)
        {
            Byte((byte)'-');
        }
        else
        {
            value = -value;
        }

        // Digits are produced from the negative side so long.MinValue works.
        int start = Length;
        do
        {
            Byte((byte)('0' - (value % 10)));
            value /= 10;
        }
        while (value != 0);
        Reverse(start, Length - 1);
    }

    /// <summary>Writes a boolean value.</summary>
    /// <param name="value">The value.</param>
    public void Bool(bool value)
    {
        Separate();
        Literal(value ? "true" : "false");
    }

    /// <summary>Writes null.</summary>
    public void Null()
    {
        Separate();
        Literal("null");
    }

    /// <summary>Writes a name and a string value.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    public void Member(string name, string? value)
    {
        Name(name);
        String(value);
    }

    /// <summary>Writes a name and an integer value.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    public void Member(string name, long value)
    {
        Name(name);
        Number(value);
    }

    /// <summary>Writes a name and a boolean value.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    public void Member(string name, bool value)
    {
        Name(name);
        Bool(value);
    }

    /// <summary>Writes pre-encoded JSON as a value (it must be one valid JSON value).</summary>
    /// <param name="json">UTF-8 JSON bytes.</param>
    /// <param name="offset">Start.</param>
    /// <param name="length">Length.</param>
    public void Raw(byte[] json, int offset, int length)
    {
        Separate();
        Ensure(length);
        Array.Copy(json, offset, _buffer, Length, length);
        Length += length;
    }

    private void Push()
    {
        _depth++;
        _needComma[_depth] = false;
    }

    private void Separate()
    {
        if (_needComma[_depth])
        {
            Byte((byte)',');
        }

        _needComma[_depth] = true;
    }

    private void Quoted(string text)
    {
        Byte((byte)'"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"' || c == '\\')
            {
                Byte((byte)'\\');
                Byte((byte)c);
            }
            else if (c < 0x20)
            {
                Escape(c);
            }
            else if (c < 0x80)
            {
                Byte((byte)c);
            }
            else
            {
                i = Encode(text, i);
            }
        }

        Byte((byte)'"');
    }

    private void Escape(char c)
    {
        Byte((byte)'\\');
        switch (c)
        {
            case '\n': Byte((byte)'n'); return;
            case '\r': Byte((byte)'r'); return;
            case '\t': Byte((byte)'t'); return;
            default:
                Byte((byte)'u');
                Byte((byte)'0');
                Byte((byte)'0');
                Byte(Hex(c >> 4));
                Byte(Hex(c & 0xF));
                return;
        }
    }

    // Writes one character (or a surrogate pair) as UTF-8; returns the index of the last char used.
    private int Encode(string text, int i)
    {
        int chars;
        int code = Utf8.CodePointAt(text, i, out chars);
        int size = Utf8.EncodedLength(code);
        Byte(Utf8.LeadByte(code, size));
        for (int shift = 6 * (size - 2); shift >= 0; shift -= 6)
        {
            Byte((byte)(0x80 | ((code >> shift) & 0x3F)));
        }

        return i + chars - 1;
    }

    private void Literal(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            Byte((byte)text[i]);
        }
    }

    private void Reverse(int from, int to)
    {
        while (from < to)
        {
            byte t = _buffer[from];
            _buffer[from++] = _buffer[to];
            _buffer[to--] = t;
        }
    }

    private void Byte(byte b)
    {
        if (Length == _buffer.Length)
        {
            Ensure(1);
        }

        _buffer[Length++] = b;
    }

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length)
        {
            return;
        }

        int size = _buffer.Length * 2;
        while (size < Length + more)
        {
            size *= 2;
        }

        byte[] grown = new byte[size];
        Array.Copy(_buffer, grown, Length);
        _buffer = grown;
    }

    private static byte Hex(int v)
    {
        return (byte)(v < 10 ? '0' + v : 'a' + v - 10);
    }
}
