using NfBond.Firmware.Config;
using NfBond.Firmware.Json;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Tests;

/// <summary>
/// What nanoFramework's runtime does differently from .NET (found on a real nanoCLR), and the firmware's
/// answers: numbers become text from integers, pairs are read with ToCharArray, U+0000 is refused.
/// </summary>
public class NanoRuntimePitfallTests
{
    [Theory]
    [InlineData(207L, 1, "20.7")]
    [InlineData(115L, 1, "11.5")]
    [InlineData(-5L, 2, "-0.05")]
    [InlineData(0L, 1, "0.0")]
    [InlineData(42L, 0, "42")]
    [InlineData(long.MinValue, 1, "-922337203685477580.8")]
    public void Fixed_point_text_is_exact(long value, int decimals, string expected)
    {
        Assert.Equal(expected, DecimalText.Scaled(value, decimals));
    }

    [Theory]
    [InlineData(20.7, "20.7")]
    [InlineData(11.5, "11.5")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(3.14159, "3.14159")]
    [InlineData(1e19, "1E+19")]
    [InlineData(1.5e15, "1.5E+15")]
    [InlineData(-2.5e13, "-2.5E+13")]
    [InlineData(double.NaN, "NaN")]
    public void Doubles_for_people_print_as_written(double value, string expected)
    {
        Assert.Equal(expected, DecimalText.Of(value));
    }

    [Fact]
    public void Property_scaled_text_parses_back_to_the_same_integer()
    {
        Random random = new(7);
        for (int n = 0; n < 20000; n++)
        {
            long value = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            int decimals = random.Next(0, 7);
            string text = DecimalText.Scaled(value, decimals);
            Assert.Equal(value, long.Parse(text.Replace(".", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(decimals, text.Contains('.', StringComparison.Ordinal) ? text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1 : 0);
        }
    }

    [Fact]
    public void A_config_error_about_a_fraction_echoes_it_exactly()
    {
        Assert.Equal("20.7", ConfigNode.Describe(20.7));
    }

    [Fact]
    public void Characters_outside_the_BMP_encode_as_one_four_byte_sequence()
    {
        string text = "ok \U0001F600 \u00e9\u20ac";
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), Utf8.GetBytes(text));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("\uFFFD\uFFFDx"), Utf8.GetBytes("\uDC00\uD800x"));

        int chars;
        Assert.Equal(0x1F600, Utf8.CodePointAt(text, 3, out chars));
        Assert.Equal(2, chars);
    }

    [Fact]
    public void A_nul_escape_in_a_string_is_refused_with_its_position()
    {
        JsonParseException error = Assert.Throws<JsonParseException>(() => JsonReader.Parse("{\"site\":\"bak\\u0000ery\"}"));
        Assert.Contains("\\u0000 is not allowed in a string", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(13, error.Column);
    }
}
