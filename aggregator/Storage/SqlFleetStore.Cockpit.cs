using System.Data.Common;
using System.Text.Json;
using NfBond.Aggregator.Accounts;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Storage;

/// <summary>The cockpit's part of the shared SQL store: accounts, sessions, link history and the change feed.</summary>
public abstract partial class SqlFleetStore
{
    /// <summary>Tells live pages on every instance that a site has news.</summary>
    protected const string UpsertSiteChangeSql = "INSERT INTO site_changes (site, received) VALUES (@site, @received) " + SiteChangeConflict;

    /// <summary>The columns of a link's history row.</summary>
    protected const string LinkSampleColumns = "link_samples (device, link, ts, latency_us, loss_permille, jitter_us, rsrp_dbm, sinr_tenths_db, used_bytes, cap_bytes)";

    /// <summary>Appends one link's figures of a state message (one row per link and moment, so charts need no JSON parsing).</summary>
    protected const string InsertLinkSampleSql = "INSERT INTO " + LinkSampleColumns + " VALUES (@device, @link, @ts, @latency, @loss, @jitter, @rsrp, @sinr, @used, @cap) ON CONFLICT (device, link, ts) DO NOTHING";

    /// <summary>The width of a rollup bucket: charts over days read these instead of every sample.</summary>
    public const long RollupMs = 300_000;

    /// <summary>The columns of a link's rollup row.</summary>
    protected const string RollupColumns = "link_rollups (device, link, bucket, n, latency_sum, loss_max, jitter_sum, rsrp_sum, sinr_sum, used_max, cap_max)";

    /// <summary>Adds rows of samples to their rollups (sums and maxima, so any coarser bucket is exact).</summary>
    protected const string RollupConflict = "ON CONFLICT (device, link, bucket) DO UPDATE SET n = link_rollups.n + excluded.n, "
        + "latency_sum = link_rollups.latency_sum + excluded.latency_sum, jitter_sum = link_rollups.jitter_sum + excluded.jitter_sum, "
        + "rsrp_sum = link_rollups.rsrp_sum + excluded.rsrp_sum, sinr_sum = link_rollups.sinr_sum + excluded.sinr_sum, "
        + "loss_max = CASE WHEN excluded.loss_max > link_rollups.loss_max THEN excluded.loss_max ELSE link_rollups.loss_max END, "
        + "used_max = CASE WHEN excluded.used_max > link_rollups.used_max THEN excluded.used_max ELSE link_rollups.used_max END, "
        + "cap_max = CASE WHEN excluded.cap_max > link_rollups.cap_max THEN excluded.cap_max ELSE link_rollups.cap_max END";

    /// <summary>Adds one sample to its link's 5-minute rollup.</summary>
    protected const string UpsertRollupSql = "INSERT INTO " + RollupColumns + " VALUES (@device, @link, @bucket, 1, @latency, @loss, @jitter, @rsrp, @sinr, @used, @cap) " + RollupConflict;

    /// <summary>Tells live pages on every instance that sites have news.</summary>
    protected const string SiteChangeConflict = "ON CONFLICT (site) DO UPDATE SET received = excluded.received WHERE excluded.received > site_changes.received";

    /// <inheritdoc/>
    public IReadOnlyList<ControllerSnapshot> Snapshots(string? site) => Query(
        "SELECT d.device, d.site, s.body, s.received, t.body, e.kind, e.ts "
        + "FROM devices d LEFT JOIN latest s ON s.device = d.device AND s.kind = 'state' LEFT JOIN latest t ON t.device = d.device AND t.kind = 'status' "
        + "LEFT JOIN events e ON e.device = d.device AND e.seq = (SELECT max(seq) FROM events x WHERE x.device = d.device) "
        + "WHERE (@all OR d.site = @site) ORDER BY d.site, d.device",
        r => new ControllerSnapshot(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? 0 : Convert.ToInt64(r.GetValue(3)),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? 0 : Convert.ToInt64(r.GetValue(6))),
        ("all", site == null), ("site", site ?? ""));

    /// <inheritdoc/>
    public IReadOnlyList<LinkSample> LinkSeries(string device, string link, long from, long to, long bucketMs)
    {
        bucketMs = Math.Max(1, bucketMs);
        if (bucketMs % RollupMs == 0)
        {
            return Query(
                "SELECT (bucket / @bucket) * @bucket AS b, sum(latency_sum) * 1.0 / sum(n), max(loss_max), sum(jitter_sum) * 1.0 / sum(n), sum(rsrp_sum) * 1.0 / sum(n), sum(sinr_sum) * 1.0 / sum(n), max(used_max), max(cap_max) "
                + "FROM link_rollups WHERE device = @device AND link = @link AND bucket >= @from AND bucket < @to GROUP BY b ORDER BY b",
                ReadSample, ("bucket", bucketMs), ("device", device), ("link", link), ("from", from / RollupMs * RollupMs), ("to", to));
        }

        return Query(
            "SELECT (ts / @bucket) * @bucket AS b, avg(latency_us), max(loss_permille), avg(jitter_us), avg(rsrp_dbm), avg(sinr_tenths_db), max(used_bytes), max(cap_bytes) "
            + "FROM link_samples WHERE device = @device AND link = @link AND ts >= @from AND ts < @to GROUP BY b ORDER BY b",
            ReadSample, ("bucket", bucketMs), ("device", device), ("link", link), ("from", from), ("to", to));
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, long>> ChangedSites(long since) => Query(
        "SELECT site, received FROM site_changes WHERE received > @since", r => new KeyValuePair<string, long>(r.GetString(0), Convert.ToInt64(r.GetValue(1))), ("since", since));

    /// <inheritdoc/>
    public void SaveUser(CockpitUser user) => Execute(
        "INSERT INTO users (name, role, tenant, password_hash, created) VALUES (@name, @role, @tenant, @hash, @created) "
        + "ON CONFLICT (name) DO UPDATE SET role = excluded.role, tenant = excluded.tenant, password_hash = excluded.password_hash",
        ("name", user.Name), ("role", user.Role.ToString().ToLowerInvariant()), ("tenant", user.Tenant), ("hash", user.PasswordHash), ("created", user.Created));

    /// <inheritdoc/>
    public CockpitUser? FindUser(string name) => Query("SELECT name, role, tenant, password_hash, created FROM users WHERE name = @name", ReadUser, ("name", name)).FirstOrDefault();

    /// <inheritdoc/>
    public IReadOnlyList<CockpitUser> Users() => Query("SELECT name, role, tenant, password_hash, created FROM users ORDER BY name", ReadUser);

    /// <inheritdoc/>
    public void SetSiteTenant(string site, string tenant) => Execute(
        "INSERT INTO site_tenants (site, tenant) VALUES (@site, @tenant) ON CONFLICT (site) DO UPDATE SET tenant = excluded.tenant", ("site", site), ("tenant", tenant));

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> SiteTenants() =>
        Query("SELECT site, tenant FROM site_tenants", r => (r.GetString(0), r.GetString(1))).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <inheritdoc/>
    public void SaveSession(string id, byte[] ticket, long expires) => Execute(
        "INSERT INTO sessions (id, ticket, expires) VALUES (@id, @ticket, @expires) ON CONFLICT (id) DO UPDATE SET ticket = excluded.ticket, expires = excluded.expires",
        ("id", id), ("ticket", Convert.ToBase64String(ticket)), ("expires", expires));

    /// <inheritdoc/>
    public byte[]? LoadSession(string id, long now)
    {
        Execute("DELETE FROM sessions WHERE expires <= @now", ("now", now));
        string? ticket = Query("SELECT ticket FROM sessions WHERE id = @id", r => r.GetString(0), ("id", id)).FirstOrDefault();
        return ticket == null ? null : Convert.FromBase64String(ticket);
    }

    /// <inheritdoc/>
    public void RemoveSession(string id) => Execute("DELETE FROM sessions WHERE id = @id", ("id", id));

    /// <inheritdoc/>
    public void AddLoginLink(string tokenHash, string user, long expires) => Execute(
        "INSERT INTO login_links (token_hash, user_name, expires) VALUES (@hash, @user, @expires)", ("hash", tokenHash), ("user", user), ("expires", expires));

    /// <inheritdoc/>
    public string? TakeLoginLink(string tokenHash, long now) => Query(
        "DELETE FROM login_links WHERE token_hash = @hash RETURNING user_name, expires", r => (r.GetString(0), Convert.ToInt64(r.GetValue(1))), ("hash", tokenHash))
        .Where(l => l.Item2 > now).Select(l => l.Item1).FirstOrDefault();

    /// <inheritdoc/>
    public int CountLoginFailure(string key, long now, long windowMs)
    {
        Execute("DELETE FROM login_failures WHERE key = @key AND ts <= @old", ("key", key), ("old", now - windowMs));
        Execute("INSERT INTO login_failures (key, ts) VALUES (@key, @now)", ("key", key), ("now", now));
        return LoginFailures(key, now, windowMs);
    }

    /// <inheritdoc/>
    public int LoginFailures(string key, long now, long windowMs) => (int)Query(
        "SELECT count(*) FROM login_failures WHERE key = @key AND ts > @old", r => Convert.ToInt64(r.GetValue(0)), ("key", key), ("old", now - windowMs))[0];

    /// <inheritdoc/>
    public void ClearLoginFailures(string key) => Execute("DELETE FROM login_failures WHERE key = @key", ("key", key));

    /// <inheritdoc/>
    public IReadOnlyList<string> ProtectionKeys() => Query("SELECT xml FROM protection_keys ORDER BY name", r => r.GetString(0));

    /// <inheritdoc/>
    public void AddProtectionKey(string name, string xml) => Execute(
        "INSERT INTO protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING", ("name", name), ("xml", xml));

    /// <inheritdoc/>
    public void SaveCommandAnswer(string id, string device, string body, long received) => Execute(
        "INSERT INTO command_answers (id, device, body, received) VALUES (@id, @device, @body, @received) ON CONFLICT (id) DO NOTHING",
        ("id", id), ("device", device), ("body", body), ("received", received));

    /// <inheritdoc/>
    public string? CommandAnswer(string id) => Query("SELECT body FROM command_answers WHERE id = @id", r => r.GetString(0), ("id", id)).FirstOrDefault();

    /// <summary>Reads each link's figures from a state message; links without a name are skipped.</summary>
    /// <param name="message">A validated state message.</param>
    /// <returns>The figures, one per link.</returns>
    protected static List<LinkFigures> LinkFiguresOf(IngestMessage message)
    {
        using JsonDocument document = JsonDocument.Parse(message.Body);
        JsonElement root = document.RootElement;
        List<LinkFigures> rows = [];
        if (!root.TryGetProperty("links", out JsonElement links) || links.ValueKind != JsonValueKind.Array)
        {
            return rows;
        }

        Dictionary<string, (long Rsrp, long Sinr)> modems = new(StringComparer.Ordinal);
        if (root.TryGetProperty("modems", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement m in list.EnumerateArray())
            {
                if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String)
                {
                    modems[name.GetString()!] = (Number(m, "rsrp_dbm"), Number(m, "sinr_tenths_db"));
                }
            }
        }

        foreach (JsonElement l in links.EnumerateArray())
        {
            if (l.ValueKind != JsonValueKind.Object || !l.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            (long rsrp, long sinr) = l.TryGetProperty("modem", out JsonElement modem) && modem.ValueKind == JsonValueKind.String && modems.TryGetValue(modem.GetString()!, out var signal) ? signal : (0, 0);
            rows.Add(new LinkFigures(message.Device, name.GetString()!, message.Timestamp, Number(l, "latency_us"), Number(l, "loss_permille"), Number(l, "jitter_us"), rsrp, sinr, Number(l, "used_bytes"), Number(l, "cap_bytes")));
        }

        return rows;
    }

    private static LinkSample ReadSample(DbDataReader r) => new(Convert.ToInt64(r.GetValue(0)), Whole(r, 1), Whole(r, 2), Whole(r, 3), Whole(r, 4), Whole(r, 5), Whole(r, 6), Whole(r, 7));

    private static long Number(JsonElement o, string member) => o.TryGetProperty(member, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : 0;

    private static long Whole(DbDataReader r, int column) => r.IsDBNull(column) ? 0 : (long)Math.Round(Convert.ToDouble(r.GetValue(column)));

    private static CockpitUser ReadUser(DbDataReader r) =>
        new(r.GetString(0), Enum.Parse<CockpitRole>(r.GetString(1), ignoreCase: true), r.GetString(2), r.GetString(3), Convert.ToInt64(r.GetValue(4)));
}
