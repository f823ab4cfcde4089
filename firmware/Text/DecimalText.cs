namespace NfBond.Firmware.Text;

/// <summary>
/// Numbers with a fraction as text, computed from integers: nanoFramework's <c>double.ToString()</c> is
/// imprecise (20.7 prints as 20.699999999999998), so firmware never formats a double itself.
/// </summary>
public static class DecimalText
{
    private const long Millionths = 1000000;

    /// <summary>Formats a fixed-point value: <c>Scaled(207, 1)</c> is "20.7", <c>Scaled(-5, 2)</c> "-0.05".</summary>
    /// <param name="value">The value times 10^<paramref name="decimals"/>.</param>
    /// <param name="decimals">Digits after the point, 0 to 18.</param>
    /// <returns>The text, with exactly <paramref name="decimals"/> digits after the point.</returns>
    public static string Scaled(long value, int decimals)
    {
        if (decimals <= 0)
        {
            return value.ToString();
        }

        long unit = 1;
        for (int i = 0; i < decimals; i++)
        {
            unit *= 10;
        }

        bool negative = value < 0;
        // Work on the negative side: long.MinValue has no positive counterpart.
        long magnitude = negative ? value : -value;
        long whole = -(magnitude / unit);
        long fraction = -(magnitude % unit);
        string digits = fraction.ToString();
        while (digits.Length < decimals)
        {
            digits = "0" + digits;
        }

        return (negative ? "-" : string.Empty) + whole.ToString() + "." + digits;
    }

    /// <summary>
    /// Formats a double for people (error messages, causes): up to six decimals, trailing zeros dropped,
    /// an exponent from 10^12 on. <c>Of(20.7)</c> is "20.7", <c>Of(1e19)</c> "1E+19".
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Of(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        int exponent = 0;
        double magnitude = value < 0 ? -value : value;
        while (magnitude >= 1e12)
        {
            magnitude /= 10;
            exponent++;
        }

        long scaled = (long)(magnitude * Millionths + 0.5);
        string text = Scaled(value < 0 ? -scaled : scaled, 6);
        int end = text.Length;
        while (text[end - 1] == '0')
        {
            end--;
        }

        if (text[end - 1] == '.')
        {
            end--;
        }

        text = text.Substring(0, end);
        if (exponent == 0)
        {
            return text;
        }

        // Mantissa digits past the first move into the exponent: 10000000000000 -> 1E+13.
        int point = text.IndexOf('.');
        string sign = text[0] == '-' ? "-" : string.Empty;
        string digitsOnly = sign.Length == 0 ? text : text.Substring(1);
        int wholeDigits = point < 0 ? digitsOnly.Length : point - sign.Length;
        string mantissa = digitsOnly.Substring(0, 1);
        string rest = StringUtil.Replace(digitsOnly.Substring(1), ".", string.Empty);
        int last = rest.Length;
        while (last > 0 && rest[last - 1] == '0')
        {
            last--;
        }

        rest = rest.Substring(0, last);
        return sign + mantissa + (rest.Length > 0 ? "." + rest : string.Empty) + "E+" + (exponent + wholeDigits - 1).ToString();
    }
}
