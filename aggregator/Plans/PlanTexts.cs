using System.Globalization;
using System.Resources;

namespace NfBond.Aggregator.Plans;

/// <summary>
/// The emergency plan's words in one language. English words are the keys; PlanTexts.de.resx holds the
/// German ones. The plan is printed outside any web request (command line, PDF), so the language is
/// chosen explicitly rather than from a request culture.
/// </summary>
public sealed class PlanTexts
{
    private static readonly ResourceManager s_resources = new("NfBond.Aggregator.Plans.PlanTexts", typeof(PlanTexts).Assembly);

    private PlanTexts(string language, CultureInfo culture) => (Language, Culture) = (language, culture);

    /// <summary>Gets the English texts.</summary>
    public static PlanTexts English { get; } = new("en", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>Gets the German texts.</summary>
    public static PlanTexts German { get; } = new("de", CultureInfo.GetCultureInfo("de-DE"));

    /// <summary>Gets the language code (en, de).</summary>
    public string Language { get; }

    /// <summary>Gets the culture numbers and dates are written in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>Gets a text in this language.</summary>
    /// <param name="english">The English text.</param>
    /// <returns>The translation, or the English text when there is none.</returns>
    public string this[string english] => Language == "en" ? english : s_resources.GetString(english, Culture) ?? english;

    /// <summary>Picks the texts for a language code.</summary>
    /// <param name="language">en or de.</param>
    /// <returns>The texts, or null for another code.</returns>
    public static PlanTexts? For(string? language) => language switch
    {
        null or "" or "en" => English,
        "de" => German,
        _ => null,
    };

    /// <summary>Formats a text in this language.</summary>
    /// <param name="english">The English format.</param>
    /// <param name="args">The values.</param>
    /// <returns>The text.</returns>
    public string Format(string english, params object[] args) => string.Format(Culture, this[english], args);

    /// <summary>Writes a day in the site's time zone.</summary>
    /// <param name="ms">ms since 1970 UTC.</param>
    /// <param name="timeZone">The IANA zone.</param>
    /// <returns>For example 2026-12-02.</returns>
    public string Date(long ms, string timeZone) => Local(ms, timeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Writes a moment in the site's time zone.</summary>
    /// <param name="ms">ms since 1970 UTC.</param>
    /// <param name="timeZone">The IANA zone.</param>
    /// <returns>For example 2026-12-02 14:05.</returns>
    public string Time(long ms, string timeZone) => Local(ms, timeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Writes a duration the way people say it (45 s, 12 min, 3 h 20 min).</summary>
    /// <param name="ms">The duration.</param>
    /// <returns>The text.</returns>
    public string Duration(long ms) => ms switch
    {
        < 60_000 => (ms / 1000.0).ToString("0.#", Culture) + " s",
        < 3_600_000 => (ms / 60_000) + " min",
        _ => $"{ms / 3_600_000} h {ms % 3_600_000 / 60_000} min",
    };

    private static DateTime Local(long ms, string timeZone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
}
