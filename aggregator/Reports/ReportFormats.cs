using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace NfBond.Aggregator.Reports;

/// <summary>Writes an <see cref="AvailabilityReport"/> as JSON, CSV or HTML (which headless Chromium prints to PDF).</summary>
public static class ReportFormats
{
    /// <summary>Writes a time as ISO 8601 in UTC with milliseconds.</summary>
    /// <param name="ms">ms since 1970 UTC.</param>
    /// <returns>For example 2026-03-01T08:00:00.000Z.</returns>
    public static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a report time: ISO 8601 that says its offset, so a report for an auditor does not depend on the
    /// time zone of the machine that made it.
    /// </summary>
    /// <param name="what">What the time is, for the message (e.g. "--from").</param>
    /// <param name="text">The text.</param>
    /// <param name="ms">The time, ms since 1970 UTC.</param>
    /// <returns>Null when read, else what is wrong and an example of what is allowed.</returns>
    public static string? ParseTime(string what, string text, out long ms)
    {
        ms = -1;
        if (!System.Text.RegularExpressions.Regex.IsMatch(text, "(Z|[+-][0-9]{2}:?[0-9]{2})$") || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset t))
        {
            return $"{what} '{text}' is not an ISO 8601 time with offset, e.g. 2026-03-01T08:00:00+01:00 or 2026-03-01T07:00:00Z";
        }

        ms = t.ToUnixTimeMilliseconds();
        return null;
    }

    /// <summary>The JSON form: exactly availability, outages, downtime_avoided_ms and cost_avoided_eur.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string Json(AvailabilityReport report)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter w = new(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("availability");
            foreach ((string scope, double share) in report.Availability)
            {
                w.WriteNumber(scope, share);
            }

            w.WriteEndObject();
            w.WriteStartArray("outages");
            foreach (ReportOutage o in report.Outages)
            {
                w.WriteStartObject();
                w.WriteString("scope", o.Scope);
                w.WriteString("from", Time(o.From));
                w.WriteString("to", Time(o.To));
                w.WriteNumber("duration_ms", o.DurationMs);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("downtime_avoided_ms", report.DowntimeAvoidedMs);
            w.WriteNumber("cost_avoided_eur", report.CostAvoidedEur);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The CSV form: one row per figure (availability, outage, totals), with a header.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The CSV text.</returns>
    public static string Csv(AvailabilityReport report)
    {
        using StringWriter text = new();
        using (CsvWriter csv = CsvWriter.Create(text, new CsvWriterOptions(), true))
        {
            csv.WriteHeader(["record", "scope", "from", "to", "duration_ms", "value"]);
            foreach ((string scope, double share) in report.Availability)
            {
                Row(csv, "availability", scope, "", "", "", share.ToString("0.######", CultureInfo.InvariantCulture));
            }

            foreach (ReportOutage o in report.Outages)
            {
                Row(csv, "outage", o.Scope, Time(o.From), Time(o.To), o.DurationMs.ToString(CultureInfo.InvariantCulture), "");
            }

            Row(csv, "downtime_avoided_ms", "", "", "", report.DowntimeAvoidedMs.ToString(CultureInfo.InvariantCulture), "");
            Row(csv, "cost_avoided_eur", "", "", "", "", report.CostAvoidedEur.ToString("0.00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The HTML form, a page fit for printing.</summary>
    /// <param name="report">The report.</param>
    /// <param name="title">What it reports on.</param>
    /// <param name="from">Period start, ms since 1970 UTC.</param>
    /// <param name="to">Period end.</param>
    /// <returns>The page.</returns>
    public static string Html(AvailabilityReport report, string title, long from, long to)
    {
        StringBuilder h = HtmlStart(title, from, to);
        h.Append("<h2>Availability</h2><table><tr><th>Scope</th><th>Available</th></tr>");
        foreach ((string scope, double share) in report.Availability)
        {
            h.Append("<tr><td>").Append(E(scope)).Append("</td><td>").Append((share * 100).ToString("0.000", CultureInfo.InvariantCulture)).Append(" %</td></tr>");
        }

        h.Append("</table><h2>Outages</h2><table><tr><th>Scope</th><th>From</th><th>To</th><th>Duration (s)</th><th>Cause</th></tr>");
        foreach (ReportOutage o in report.Outages)
        {
            h.Append("<tr><td>").Append(E(o.Scope)).Append("</td><td>").Append(Time(o.From)).Append("</td><td>").Append(Time(o.To)).Append("</td><td>")
                .Append((o.DurationMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(o.Cause)).Append("</td></tr>");
        }

        h.Append("</table><h2>Downtime avoided</h2><p>").Append((report.DowntimeAvoidedMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture))
            .Append(" s on backup while the primary was down, worth ").Append(report.CostAvoidedEur.ToString("0.00", CultureInfo.InvariantCulture)).Append(" EUR</p></body></html>");
        return h.ToString();
    }

    /// <summary>Starts a printable report page: head, style, title and period.</summary>
    /// <param name="title">What it reports on.</param>
    /// <param name="from">Period start, ms since 1970 UTC.</param>
    /// <param name="to">Period end.</param>
    /// <returns>The page so far.</returns>
    public static StringBuilder HtmlStart(string title, long from, long to) => new StringBuilder()
        .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
        .Append("body{font:11pt sans-serif;margin:2cm}table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border-bottom:1px solid #ccc;padding:4px;text-align:left}</style></head><body>")
        .Append("<h1>").Append(E(title)).Append("</h1><p>Period ").Append(Time(from)).Append(" to ").Append(Time(to)).Append("</p>");

    private static void Row(CsvWriter csv, params string[] fields) => csv.WriteRecord(fields);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
