using System.Text;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Json;

/// <summary>
/// Reads RFC 8259 JSON into <see cref="JsonObject"/>/<see cref="JsonArray"/> trees without reflection,
/// so boards and configuration load the same way on nanoFramework and on .NET. Errors name line and
/// column; nesting depth is bounded so hostile input cannot exhaust a small stack.
/// </summary>
public sealed class JsonReader
{
    /// <summary>The deepest nesting of objects and arrays accepted.</summary>
    public const int MaxDepth = 32;

    // A character array, not the string: numbers are parsed in place by the char[] parsers.
    private readonly char[] _text;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private JsonReader(string text)
    {
        _text = text.ToCharArray();
    }

    /// <summary>Parses a whole document.</summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>The root value (typed as described on <see cref="JsonObject"/>).</returns>
    /// <exception cref="JsonParseException">The text is not one valid JSON value.</exception>
    public static object? Parse(string text)
    {
        if (text == null)
        {
            throw new JsonParseException(1, 1, "no input");
        }

        JsonReader reader = new JsonReader(text);
        reader.SkipWhiteSpace();
        object? value = reader.ReadValue(0);
        reader.SkipWhiteSpace();
        if (reader._position < text.Length)
        {
            throw reader.Error("unexpected '" + text[reader._position].ToString() + "' after the end of the document");
        }

        return value;
    }

    private object? ReadValue(int depth)
    {
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of input, expected a value");
        }

        char c = _text[_position];
        if (c == '{')
        {
            return ReadObject(depth + 1);
        }

        if (c == '[')
        {
            return ReadArray(depth + 1);
        }

        if (c == '"')
        {
            return ReadString();
        }

        if (c == '-' || CharClass.IsDigit(c))
        {
            return ReadNumber();
        }

        if (ReadLiteral("true"))
        {
            return true;
        }

        if (ReadLiteral("false"))
        {
            return false;
        }

        if (ReadLiteral("null"))
        {
            return null;
        }

        throw Error("unexpected '" + c.ToString() + "', expected a value (object, array, string, number, true, false or null)");
    }

    private JsonObject ReadObject(int depth)
    {
        CheckDepth(depth);
        _position++;
        JsonObject result = new JsonObject();
        SkipWhiteSpace();
        if (Peek() == '}')
        {
            _position++;
            return result;
        }

        while (true)
        {
            SkipWhiteSpace();
            if (Peek() != '"')
            {
                throw Error("expected a member name in double quotes");
            }

            int nameLine = _line;
            int nameColumn = _position - _lineStart + 1;
            string name = ReadString();
            SkipWhiteSpace();
            Expect(':', "after member name \"" + name + "\"");
            SkipWhiteSpace();
            object? value = ReadValue(depth);
            if (!result.Add(name, value))
            {
                throw new JsonParseException(nameLine, nameColumn, "duplicate member name \"" + name + "\"");
            }

            SkipWhiteSpace();
            char c = Peek();
            if (c == ',')
            {
                _position++;
                continue;
            }

            if (c == '}')
            {
                _position++;
                return result;
            }

            throw Error("expected ',' or '}' in object");
        }
    }

    private JsonArray ReadArray(int depth)
    {
        CheckDepth(depth);
        _position++;
        JsonArray result = new JsonArray();
        SkipWhiteSpace();
        if (Peek() == ']')
        {
            _position++;
            return result;
        }

        while (true)
        {
            SkipWhiteSpace();
            result.Add(ReadValue(depth));
            SkipWhiteSpace();
            char c = Peek();
            if (c == ',')
            {
                _position++;
                continue;
            }

            if (c == ']')
            {
                _position++;
                return result;
            }

            throw Error("expected ',' or ']' in array");
        }
    }

    private string ReadString()
    {
        _position++;
        StringBuilder builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string");
            }

            char c = _text[_position];
            if (c == '"')
            {
                _position++;
                return builder.ToString();
            }

            if (c < ' ')
            {
                throw Error("control character in string (escape it as \\u" + ((int)c).ToString("X4") + ")");
            }

            if (c != '\\')
            {
                builder.Append(c);
                _position++;
                continue;
            }

            _position++;
            if (_position >= _text.Length)
            {
                throw Error("unterminated escape in string");
            }

            char e = _text[_position];
            _position++;
            switch (e)
            {
                case '"':
                    builder.Append('"');
                    break;
                case '\\':
                    builder.Append('\\');
                    break;
                case '/':
                    builder.Append('/');
                    break;
                case 'b':
                    builder.Append('\b');
                    break;
                case 'f':
                    builder.Append('\f');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'u':
                    long code;
                    if (!NumberParser.TryParseHex(_text, _position, 4, out code))
                    {
                        throw Error("\\u must be followed by four hex digits");
                    }

                    if (code == 0)
                    {
                        // nanoFramework strings end at U+0000: the rest would be silently cut off.
                        _position -= 2;
                        throw Error("\\u0000 is not allowed in a string (text would end there on the device)");
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    _position -= 2;
                    throw Error("unknown escape '\\" + e.ToString() + "'");
            }
        }
    }

    private object ReadNumber()
    {
        int start = _position;
        if (_text[_position] == '-')
        {
            _position++;
        }

        int integerStart = _position;
        SkipDigits();
        int integerDigits = _position - integerStart;
        if (integerDigits == 0)
        {
            throw Error("expected a digit");
        }

        if (integerDigits > 1 && _text[integerStart] == '0')
        {
            throw ErrorAt(integerStart, "leading zeros are not allowed in numbers");
        }

        bool isInteger = true;
        if (Peek() == '.')
        {
            isInteger = false;
            _position++;
            int fractionStart = _position;
            SkipDigits();
            if (_position == fractionStart)
            {
                throw Error("expected a digit after the decimal point");
            }
        }

        int exponent = 0;
        if (Peek() == 'e' || Peek() == 'E')
        {
            isInteger = false;
            _position++;
            int exponentStart = _position;
            if (Peek() == '+' || Peek() == '-')
            {
                _position++;
            }

            SkipDigits();
            if (!NumberParser.TryParseInt32(_text, exponentStart, _position - exponentStart, out exponent) || exponent > 400 || exponent < -400)
            {
                throw ErrorAt(exponentStart, "exponent must be digits between -400 and 400");
            }
        }

        long whole;
        if (isInteger && NumberParser.TryParseInt64(_text, start, _position - start, out whole))
        {
            return whole;
        }

        return ToDouble(start, exponent);
    }

    // Decimal-to-double without double.Parse, whose .NET form depends on the current culture.
    private double ToDouble(int start, int exponent)
    {
        double mantissa = 0;
        int scale = 0;
        bool negative = _text[start] == '-';
        bool inFraction = false;
        for (int i = negative ? start + 1 : start; i < _position; i++)
        {
            char c = _text[i];
            if (c == '.')
            {
                inFraction = true;
                continue;
            }

            if (!CharClass.IsDigit(c))
            {
                break;
            }

            mantissa = mantissa * 10 + (c - '0');
            if (inFraction)
            {
                scale--;
            }
        }

        int power = scale + exponent;
        double result = mantissa;
        for (; power > 0; power--)
        {
            result *= 10;
        }

        for (; power < 0; power++)
        {
            result /= 10;
        }

        return negative ? -result : result;
    }

    private bool ReadLiteral(string literal)
    {
        if (!StringUtil.MatchesAt(_text, _position, literal))
        {
            return false;
        }

        _position += literal.Length;
        return true;
    }

    private void SkipDigits()
    {
        while (_position < _text.Length && CharClass.IsDigit(_text[_position]))
        {
            _position++;
        }
    }

    private void SkipWhiteSpace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                return;
            }

            _position++;
        }
    }

    private char Peek()
    {
        return _position < _text.Length ? _text[_position] : '\0';
    }

    private void Expect(char expected, string where)
    {
        if (Peek() != expected)
        {
            throw Error("expected '" + expected.ToString() + "' " + where);
        }

        _position++;
    }

    private void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting deeper than " + MaxDepth.ToString() + " levels");
        }
    }

    private JsonParseException Error(string problem)
    {
        return ErrorAt(_position, problem);
    }

    private JsonParseException ErrorAt(int position, string problem)
    {
        return new JsonParseException(_line, position - _lineStart + 1, problem);
    }
}
