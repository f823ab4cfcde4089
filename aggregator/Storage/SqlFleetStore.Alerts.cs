using System.Data.Common;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Drills;
using NfBond.Aggregator.Plans;

namespace NfBond.Aggregator.Storage;

/// <summary>The alerts' part of the shared SQL store.</summary>
public abstract partial class SqlFleetStore
{
    private const string IncidentColumns = "id, key, site, rule, scope, detail, opened, closed, notified, last_sent, escalated, acknowledged_by, flaps, resolved_sent";
    private const string PlanColumns = "site, version, inputs, author, created, approved_by, approved_at, config_version";
    private const string OutboxColumns = "id, incident, channel, subject, body, attempts, sent_at, last_error";

    /// <inheritdoc/>
    public Incident? OpenIncident(string key, string site, string rule, string scope, string detail, long now, long flapMs)
    {
        bool back = Query(
            "UPDATE incidents SET closed = 0, flaps = flaps + 1 WHERE id = (SELECT id FROM incidents WHERE key = @key AND closed >= @since ORDER BY closed DESC LIMIT 1) "
            + "AND NOT EXISTS (SELECT 1 FROM incidents WHERE key = @key AND closed = 0) RETURNING id", r => r.GetValue(0), ("key", key), ("since", now - flapMs)).Count > 0;
        if (back)
        {
            return null;
        }

        return Query(
            "INSERT INTO incidents (key, site, rule, scope, detail, opened, closed, notified, last_sent, escalated, acknowledged_by, flaps, resolved_sent) "
            + "VALUES (@key, @site, @rule, @scope, @detail, @now, 0, 0, 0, 0, '', 0, 0) ON CONFLICT (key) WHERE closed = 0 DO NOTHING RETURNING " + IncidentColumns,
            ReadIncident, ("key", key), ("site", site), ("rule", rule), ("scope", scope), ("detail", detail), ("now", now)).FirstOrDefault();
    }

    /// <inheritdoc/>
    public bool CloseIncident(string key, long now) =>
        // Read first: nearly every "up" finds nothing open, and a read takes no write lock beside the ingest writer.
        Query("SELECT 1 FROM incidents WHERE key = @key AND closed = 0", r => r.GetValue(0), ("key", key)).Count > 0
        && Query("UPDATE incidents SET closed = @now WHERE key = @key AND closed = 0 RETURNING id", r => r.GetValue(0), ("key", key), ("now", Math.Max(1, now))).Count > 0;

    /// <inheritdoc/>
    public IReadOnlySet<string> OpenIncidentKeys() => Query("SELECT key FROM incidents WHERE closed = 0", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc/>
    public IReadOnlyList<Incident> Incidents(bool openOnly, long since) => Query(
        $"SELECT {IncidentColumns} FROM incidents WHERE closed = 0 OR (NOT @open AND (opened > @since OR closed > @since)) ORDER BY opened DESC, id DESC", ReadIncident, ("open", openOnly), ("since", since));

    /// <inheritdoc/>
    public bool ClaimSending(long id, long lastSent, long now) => Query(
        "UPDATE incidents SET last_sent = @now, notified = CASE WHEN notified = 0 THEN @now ELSE notified END WHERE id = @id AND last_sent = @last RETURNING id",
        r => r.GetValue(0), ("id", id), ("last", lastSent), ("now", now)).Count > 0;

    /// <inheritdoc/>
    public bool ClaimEscalation(long id) => Query("UPDATE incidents SET escalated = 1 WHERE id = @id AND escalated = 0 RETURNING id", r => r.GetValue(0), ("id", id)).Count > 0;

    /// <inheritdoc/>
    public bool ClaimResolved(long id) => Query("UPDATE incidents SET resolved_sent = 1 WHERE id = @id AND resolved_sent = 0 AND closed > 0 RETURNING id", r => r.GetValue(0), ("id", id)).Count > 0;

    /// <inheritdoc/>
    public bool Acknowledge(long id, string user) => Query(
        "UPDATE incidents SET acknowledged_by = @user WHERE id = @id AND acknowledged_by = '' RETURNING id", r => r.GetValue(0), ("id", id), ("user", user)).Count > 0;

    /// <inheritdoc/>
    public AlertChannel AddChannel(AlertChannel channel) => channel with
    {
        Id = Query("INSERT INTO alert_channels (tenant, kind, target, secret, escalation) VALUES (@tenant, @kind, @target, @secret, @escalation) RETURNING id",
            r => Convert.ToInt64(r.GetValue(0)), ("tenant", channel.Tenant), ("kind", channel.Kind), ("target", channel.Target), ("secret", channel.Secret), ("escalation", channel.Escalation ? 1L : 0L))[0],
    };

    /// <inheritdoc/>
    public IReadOnlyList<AlertChannel> Channels() => Query(
        "SELECT id, tenant, kind, target, secret, escalation FROM alert_channels ORDER BY id",
        r => new AlertChannel(Convert.ToInt64(r.GetValue(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Convert.ToInt64(r.GetValue(5)) != 0));

    /// <inheritdoc/>
    public void AddMaintenance(string site, long from, long to, string note) =>
        Execute("INSERT INTO maintenance (site, starts, ends, note) VALUES (@site, @from, @to, @note)", ("site", site), ("from", from), ("to", to), ("note", note));

    /// <inheritdoc/>
    public IReadOnlyList<(long From, long To, string Note)> Maintenance(string site) => Query(
        "SELECT starts, ends, note FROM maintenance WHERE site = @site ORDER BY starts", r => (Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), r.GetString(2)), ("site", site));

    /// <inheritdoc/>
    public void Enqueue(long incident, long channel, string subject, string body, long now) => Execute(
        "INSERT INTO alert_outbox (incident, channel, subject, body, due, lease_until, attempts, sent_at, last_error) VALUES (@incident, @channel, @subject, @body, @now, 0, 0, 0, '')",
        ("incident", incident), ("channel", channel), ("subject", subject), ("body", body), ("now", now));

    /// <inheritdoc/>
    public OutboxItem? ClaimDue(long now, long leaseMs) => Query(
        "UPDATE alert_outbox SET lease_until = @lease, attempts = attempts + 1 WHERE id = (SELECT id FROM alert_outbox WHERE sent_at = 0 AND due <= @now AND lease_until <= @now ORDER BY id LIMIT 1) "
        + "AND sent_at = 0 AND lease_until <= @now RETURNING " + OutboxColumns, ReadOutbox, ("now", now), ("lease", now + leaseMs)).FirstOrDefault();

    /// <inheritdoc/>
    public void MarkSent(long id, long now) => Execute("UPDATE alert_outbox SET sent_at = @now, last_error = '' WHERE id = @id", ("id", id), ("now", Math.Max(1, now)));

    /// <inheritdoc/>
    public void MarkFailed(long id, string error, long due) => Execute("UPDATE alert_outbox SET due = @due, lease_until = 0, last_error = @error WHERE id = @id", ("id", id), ("due", due), ("error", error));

    /// <inheritdoc/>
    public IReadOnlyList<OutboxItem> Outbox() => Query($"SELECT {OutboxColumns} FROM alert_outbox ORDER BY id", ReadOutbox);

    /// <inheritdoc/>
    public void SetProfile(string site, string json) => Execute(
        "INSERT INTO site_profiles (site, body) VALUES (@site, @body) ON CONFLICT (site) DO UPDATE SET body = excluded.body", ("site", site), ("body", json));

    /// <inheritdoc/>
    public string? Profile(string site) => Query("SELECT body FROM site_profiles WHERE site = @site", r => r.GetString(0), ("site", site)).FirstOrDefault();

    /// <inheritdoc/>
    public void SetAlertRuleSet(string scope, string? json)
    {
        if (json == null)
        {
            Execute("DELETE FROM alert_rule_sets WHERE scope = @scope", ("scope", scope));
        }
        else
        {
            Execute("INSERT INTO alert_rule_sets (scope, body) VALUES (@scope, @body) ON CONFLICT (scope) DO UPDATE SET body = excluded.body", ("scope", scope), ("body", json));
        }
    }

    /// <inheritdoc/>
    public string? AlertRuleSet(string scope) => Query("SELECT body FROM alert_rule_sets WHERE scope = @scope", r => r.GetString(0), ("scope", scope)).FirstOrDefault();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> AlertRuleSets() =>
        Query("SELECT scope, body FROM alert_rule_sets", r => (r.GetString(0), r.GetString(1))).ToDictionary(p => p.Item1, p => p.Item2);

    /// <inheritdoc/>
    public PlanVersion AddPlanVersion(string site, string inputs, string author, long now) => Query(
        "INSERT INTO emergency_plans (site, version, inputs, author, created, approved_by, approved_at, config_version) "
        + "SELECT @site, COALESCE(MAX(version), 0) + 1, @inputs, @author, @now, '', 0, 0 FROM emergency_plans WHERE site = @site RETURNING " + PlanColumns,
        ReadPlan, ("site", site), ("inputs", inputs), ("author", author), ("now", now)).Single();

    /// <inheritdoc/>
    public IReadOnlyList<PlanVersion> PlanVersions(string site) =>
        Query($"SELECT {PlanColumns} FROM emergency_plans WHERE site = @site ORDER BY version", ReadPlan, ("site", site));

    /// <inheritdoc/>
    public bool ApprovePlan(string site, int version, string approver, long now, int configVersion) => Query(
        "UPDATE emergency_plans SET approved_by = @by, approved_at = @now, config_version = @config WHERE site = @site AND version = @version AND approved_at = 0 RETURNING version",
        r => r.GetValue(0), ("site", site), ("version", version), ("by", approver), ("now", now), ("config", configVersion)).Count > 0;

    /// <inheritdoc/>
    public DrillSchedule AddDrill(DrillSchedule d) => d with
    {
        Id = Query("INSERT INTO drill_schedules (site, device, link, seconds, cron, time_zone, next_run) VALUES (@site, @device, @link, @seconds, @cron, @zone, @next) RETURNING id",
            r => Convert.ToInt64(r.GetValue(0)), ("site", d.Site), ("device", d.Device), ("link", d.Link), ("seconds", (long)d.Seconds), ("cron", d.Cron), ("zone", d.TimeZone), ("next", d.NextRun))[0],
    };

    /// <inheritdoc/>
    public IReadOnlyList<DrillSchedule> Drills() => Query(
        "SELECT id, site, device, link, seconds, cron, time_zone, next_run FROM drill_schedules ORDER BY id",
        r => new DrillSchedule(Convert.ToInt64(r.GetValue(0)), r.GetString(1), r.GetString(2), r.GetString(3), Convert.ToInt32(r.GetValue(4)), r.GetString(5), r.GetString(6), Convert.ToInt64(r.GetValue(7))));

    /// <inheritdoc/>
    public bool RemoveDrill(long id) => Query("DELETE FROM drill_schedules WHERE id = @id RETURNING id", r => r.GetValue(0), ("id", id)).Count > 0;

    /// <inheritdoc/>
    public bool ClaimDrill(long id, long due, long next) =>
        Query("UPDATE drill_schedules SET next_run = @next WHERE id = @id AND next_run = @due RETURNING id", r => r.GetValue(0), ("id", id), ("due", due), ("next", next)).Count > 0;

    private static PlanVersion ReadPlan(DbDataReader r) => new(r.GetString(0), Convert.ToInt32(r.GetValue(1)), r.GetString(2), r.GetString(3), Convert.ToInt64(r.GetValue(4)),
        r.GetString(5), Convert.ToInt64(r.GetValue(6)), Convert.ToInt32(r.GetValue(7)));

    private static Incident ReadIncident(DbDataReader r) => new(Convert.ToInt64(r.GetValue(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        Convert.ToInt64(r.GetValue(6)), Convert.ToInt64(r.GetValue(7)), Convert.ToInt64(r.GetValue(8)), Convert.ToInt64(r.GetValue(9)), Convert.ToInt64(r.GetValue(10)) != 0, r.GetString(11),
        Convert.ToInt32(r.GetValue(12)), Convert.ToInt64(r.GetValue(13)) != 0);

    private static OutboxItem ReadOutbox(DbDataReader r) => new(Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)), r.GetString(3), r.GetString(4),
        Convert.ToInt32(r.GetValue(5)), Convert.ToInt64(r.GetValue(6)), r.GetString(7));
}
