using NfBond.Firmware.Text;

namespace NfBond.Firmware.Tests;

public class TextTests
{
    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("a,,b", new[] { "a", "", "b" })]
    [InlineData("", new[] { "" })]
    [InlineData(",", new[] { "", "" })]
    [InlineData("+CSQ: 20,99", new[] { "+CSQ: 20", "99" })]
    public void Split_on_char_keeps_empty_fields(string value, string[] expected)
    {
        Assert.Equal(expected, StringUtil.Split(value, ','));
    }

    [Fact]
    public void Split_and_replace_agree_with_dotnet_on_random_text()
    {
        Random random = new(42);
        const string alphabet = "ab,\r\n";
        for (int round = 0; round < 5_000; round++)
        {
            char[] chars = new char[random.Next(0, 20)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            string text = new(chars);
            Assert.Equal(text.Split(','), StringUtil.Split(text, ','));
            Assert.Equal(text.Split("\r\n"), StringUtil.Split(text, "\r\n"));
            Assert.Equal(text.Replace("ab", "X"), StringUtil.Replace(text, "ab", "X"));
            Assert.Equal(text.Replace("a", ""), StringUtil.Replace(text, "a", null));
        }
    }

    [Fact]
    public void Replace_rejects_an_empty_pattern()
    {
        Assert.Equal("oldValue", Assert.Throws<ArgumentException>(() => StringUtil.Replace("abc", "", "x")).ParamName);
    }

    [Fact]
    public void MatchesAt_checks_bounds()
    {
        Assert.True(StringUtil.MatchesAt("+CEREG: 1".ToCharArray(), 0, "+CEREG:"));
        Assert.True(StringUtil.MatchesAt("xOK".ToCharArray(), 1, "OK"));
        Assert.False(StringUtil.MatchesAt("O".ToCharArray(), 0, "OK"));
        Assert.False(StringUtil.MatchesAt("OK".ToCharArray(), -1, "OK"));
    }

    [Fact]
    public void Char_classes_match_ascii_definitions()
    {
        for (int c = 0; c < 256; c++)
        {
            char ch = (char)c;
            Assert.Equal(ch >= '0' && ch <= '9', CharClass.IsDigit(ch));
            Assert.Equal(Uri.IsHexDigit(ch) ? Convert.ToInt32(ch.ToString(), 16) : -1, CharClass.HexValue(ch));
            Assert.Equal(c < 128 && char.IsWhiteSpace(ch) && c != 0x1C && c != 0x1D && c != 0x1E && c != 0x1F, CharClass.IsWhiteSpace(ch));
        }

        Assert.True(CharClass.EqualsIgnoreCase("Ec25", "EC25"));
        Assert.False(CharClass.EqualsIgnoreCase("EC25", "EC2"));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-42", -42)]
    [InlineData("+7", 7)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Int64_parses_valid_numbers(string text, long expected)
    {
        Assert.True(NumberParser.TryParseInt64(text.ToCharArray(), 0, text.Length, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1a")]
    [InlineData(" 1")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    public void Int64_rejects_invalid_numbers(string text)
    {
        Assert.False(NumberParser.TryParseInt64(text.ToCharArray(), 0, text.Length, out long value));
        Assert.Equal(0, value);
    }

    [Fact]
    public void Integer_parsing_agrees_with_dotnet_on_random_slices()
    {
        Random random = new(1234);
        const string alphabet = "0123456789-+ x";
        for (int round = 0; round < 20_000; round++)
        {
            char[] chars = new char[random.Next(1, 22)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(random.Next(2) == 0 ? 10 : alphabet.Length)];
            }

            string text = new(chars);
            int start = random.Next(0, text.Length);
            int length = random.Next(0, text.Length - start + 1);
            string slice = text.Substring(start, length);
            bool dotnetOk = long.TryParse(slice, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long expected);
            bool ok = NumberParser.TryParseInt64(chars, start, length, out long actual);
            Assert.True(dotnetOk == ok, $"'{slice}': .NET {dotnetOk}, ours {ok}");
            Assert.Equal(dotnetOk ? expected : 0, actual);

            bool dotnetInt = int.TryParse(slice, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int expectedInt);
            Assert.Equal(dotnetInt, NumberParser.TryParseInt32(chars, start, length, out int actualInt));
            Assert.Equal(dotnetInt ? expectedInt : 0, actualInt);
        }
    }

    [Fact]
    public void Hex_parses_cell_ids_and_rejects_junk()
    {
        Assert.True(NumberParser.TryParseHex("\"1A2B3C\"".ToCharArray(), 1, 6, out long cell));
        Assert.Equal(0x1A2B3C, cell);
        Assert.False(NumberParser.TryParseHex("12G4".ToCharArray(), 0, 4, out _));
        Assert.False(NumberParser.TryParseHex("12".ToCharArray(), 0, 3, out _));
        Assert.False(NumberParser.TryParseHex("".ToCharArray(), 0, 0, out _));
    }
}
