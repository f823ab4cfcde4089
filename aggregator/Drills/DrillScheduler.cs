using System.Text.Json;
using Cronos;
using NfBond.Aggregator.Api;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Drills;

/// <summary>
/// Runs scheduled failover drills: when a schedule is due (its cron expression in the site's time zone),
/// one instance claims the run, opens a maintenance window over the drill (no alerts, not counted against
/// availability) and sends the signed run_drill command; the controller takes the link out of the plan,
/// measures the switch and reports drill_result, which is stored like every event and shown in reports and
/// on the site page; a failed drill raises an alert.
/// </summary>
public sealed class DrillScheduler
{
    private readonly IFleetStore _store;
    private readonly CommandSender _commands;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="store">The shared store.</param>
    /// <param name="commands">How commands reach controllers.</param>
    /// <param name="log">Where a drill that could not be sent is reported.</param>
    /// <param name="time">The clock.</param>
    public DrillScheduler(IFleetStore store, CommandSender commands, TextWriter log, TimeProvider? time = null)
    {
        _store = store;
        _commands = commands;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Reads a cron expression: 5 fields, or 6 with seconds first.</summary>
    /// <param name="cron">The expression.</param>
    /// <param name="problem">What is wrong with it, or null.</param>
    /// <returns>The parsed expression, or null.</returns>
    public static CronExpression? Parse(string cron, out string? problem)
    {
        try
        {
            problem = null;
            return CronExpression.Parse(cron, cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            problem = $"cron '{cron}' does not read ({ex.Message}); 5 fields (minute hour day month weekday) or 6 with seconds first";
            return null;
        }
    }

    /// <summary>The run after a moment.</summary>
    /// <param name="cron">The expression (valid).</param>
    /// <param name="timeZone">The IANA time zone (valid).</param>
    /// <param name="after">The moment, ms since 1970 UTC.</param>
    /// <returns>The next run, ms since 1970 UTC, or long.MaxValue when there is none.</returns>
    public static long Next(string cron, string timeZone, long after)
    {
        DateTime? next = Parse(cron, out _)!.GetNextOccurrence(DateTimeOffset.FromUnixTimeMilliseconds(after).UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return next == null ? long.MaxValue : new DateTimeOffset(next.Value).ToUnixTimeMilliseconds();
    }

    /// <summary>Runs every schedule that is due.</summary>
    /// <returns>Completes when the due commands are sent.</returns>
    public async Task TickAsync()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (DrillSchedule drill in _store.Drills().Where(d => d.NextRun <= now))
        {
            if (!_store.ClaimDrill(drill.Id, drill.NextRun, Next(drill.Cron, drill.TimeZone, now)))
            {
                continue;
            }

            if (_store.FindDevice(drill.Device) is not DeviceRecord device || device.Site != drill.Site)
            {
                _log.WriteLine($"drills: schedule {drill.Id} names controller {drill.Device}, which is not a controller of {drill.Site}; skipped");
                continue;
            }

            _store.AddMaintenance(drill.Site, now, now + (drill.Seconds + 60) * 1000L, $"scheduled drill {drill.Id}: {drill.Link} out for {drill.Seconds} s");
            JsonElement args = JsonSerializer.SerializeToElement(new { link = drill.Link, seconds = drill.Seconds });
            await _commands.SendAsync(device, "run_drill", args);
        }
    }
}
