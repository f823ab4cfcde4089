using System.Data.Common;
using System.Text.Json;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// What the SQLite and PostgreSQL stores share: one schema and the same SQL (both speak
/// <c>ON CONFLICT</c> and <c>RETURNING</c>); only JSON functions, the schema's types and the batch write differ.
/// Events are keyed by (device, seq), so a redelivered event is ignored by the database itself: a crash
/// between commit and acknowledgement, or two instances sharing a broker, store nothing twice.
/// </summary>
public abstract partial class SqlFleetStore : IFleetStore
{
    /// <summary>Inserts an event unless (device, seq) is stored.</summary>
    protected const string InsertEventSql = "INSERT INTO events (device, seq, site, ts, kind, body, received) VALUES (@device, @seq, @site, @ts, @kind, @body, @received) ON CONFLICT (device, seq) DO NOTHING";

    /// <summary>
    /// Keeps the newest birth/status/state per device. Newest by the device's ts, so two instances
    /// committing out of order keep the right one; a device clock that went back is believed after a minute.
    /// </summary>
    protected const string UpsertLatestSql = "INSERT INTO latest (device, kind, site, ts, body, received) VALUES (@device, @kind, @site, @ts, @body, @received) " + LatestConflict;

    /// <summary>When a newer birth/status/state replaces the stored one (see <see cref="UpsertLatestSql"/>).</summary>
    protected const string LatestConflict = "ON CONFLICT (device, kind) DO UPDATE SET site = excluded.site, ts = excluded.ts, body = excluded.body, received = excluded.received "
        + "WHERE excluded.ts >= latest.ts OR excluded.received > latest.received + 60000";

    /// <summary>Tells whether <paramref name="next"/> replaces <paramref name="kept"/> by the rule of <see cref="LatestConflict"/>.</summary>
    /// <param name="next">A later message of the same device and kind.</param>
    /// <param name="kept">The message kept so far.</param>
    /// <returns>True when <paramref name="next"/> is kept instead.</returns>
    protected static bool Replaces(IngestMessage next, IngestMessage kept) => next.Timestamp >= kept.Timestamp || next.ReceivedAt > kept.ReceivedAt + 60000;

    /// <summary>Appends a state sample to the history.</summary>
    protected const string InsertSampleSql = "INSERT INTO state_samples (device, ts, body) VALUES (@device, @ts, @body)";

    /// <summary>Gets the schema migrations this store applied when it opened the database (none when it was current).</summary>
    public IReadOnlyList<SchemaMigration> Migrated { get; protected init; } = [];

    /// <inheritdoc/>
    public abstract int WriteBatch(IReadOnlyList<IngestMessage> batch);

    /// <inheritdoc/>
    public void AddDevice(DeviceRecord device) => Execute(
        "INSERT INTO devices (device, site, password_hash, secret) VALUES (@device, @site, @hash, @secret) "
        + "ON CONFLICT (device) DO UPDATE SET site = excluded.site, password_hash = excluded.password_hash, secret = excluded.secret",
        ("device", device.Device), ("site", device.Site), ("hash", device.PasswordHash), ("secret", device.Secret));

    /// <inheritdoc/>
    public DeviceRecord? FindDevice(string device) => Query(
        "SELECT device, site, password_hash, secret FROM devices WHERE device = @device", ReadDevice, ("device", device)).FirstOrDefault();

    /// <inheritdoc/>
    public IReadOnlyList<DeviceRecord> DevicesOf(string site) => Query(
        "SELECT device, site, password_hash, secret FROM devices WHERE site = @site ORDER BY device", ReadDevice, ("site", site));

    // Every controller that reports: the provisioned ones (p = 1) and, in lab mode (anonymous), those whose
    // retained messages are stored without a provisioning (p = 0), so a lab user sees what reports.
    private const string Reporting = "SELECT device, site, 1 AS p FROM devices UNION ALL "
        + "SELECT DISTINCT l.device, l.site, 0 AS p FROM latest l WHERE NOT EXISTS (SELECT 1 FROM devices v WHERE v.device = l.device)";

    /// <inheritdoc/>
    public IReadOnlyList<SiteListing> Sites() => Query(
        $"SELECT site, count(*), sum(1 - p) FROM ({Reporting}) x GROUP BY site ORDER BY site",
        r => new SiteListing(r.GetString(0), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2))));

    /// <inheritdoc/>
    public IReadOnlyList<ControllerListing> Controllers(string? site) => Query(
        $"SELECT d.device, d.site, d.p, {JsonMember("s.body", "state")}, s.ts, (SELECT max(seq) FROM events e WHERE e.device = d.device) "
        + $"FROM ({Reporting}) d LEFT JOIN latest s ON s.device = d.device AND s.kind = 'status' WHERE (@all OR d.site = @site) ORDER BY d.device",
        r => new ControllerListing(r.GetString(0), r.GetString(1), Convert.ToInt64(r.GetValue(2)) == 1, r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : Convert.ToInt64(r.GetValue(4)), r.IsDBNull(5) ? null : Convert.ToInt64(r.GetValue(5))),
        ("all", site == null), ("site", site ?? ""));

    /// <inheritdoc/>
    public IReadOnlyList<JsonElement> Events(string device, long afterSeq, int limit) => Json(
        "SELECT body FROM events WHERE device = @device AND seq > @after ORDER BY seq LIMIT @limit", ("device", device), ("after", afterSeq), ("limit", (long)limit));

    /// <inheritdoc/>
    public IReadOnlyList<JsonElement> RecentEvents(string device, int count) => Json(
        "SELECT body FROM (SELECT body, seq FROM events WHERE device = @device ORDER BY seq DESC LIMIT @limit) newest ORDER BY seq", ("device", device), ("limit", (long)count));

    /// <inheritdoc/>
    public IReadOnlyList<JsonElement> EventsOfKind(string device, string kind, long afterSeq, long uptoSeq) => Json(
        "SELECT body FROM events WHERE device = @device AND seq > @after AND seq <= @upto AND kind = @kind ORDER BY seq", ("device", device), ("after", afterSeq), ("upto", uptoSeq), ("kind", kind));

    /// <inheritdoc/>
    public EventTally TallyEvents(string device, long seq) => Query(
        "SELECT coalesce(sum(CASE WHEN seq <= @seq THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN seq > @seq THEN 1 ELSE 0 END), 0), coalesce(max(seq), 0) FROM events WHERE device = @device",
        r => new EventTally(Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2))), ("device", device), ("seq", seq))[0];

    /// <inheritdoc/>
    public JsonElement? Latest(string device, string kind)
    {
        IReadOnlyList<JsonElement> rows = Json("SELECT body FROM latest WHERE device = @device AND kind = @kind", ("device", device), ("kind", kind));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc/>
    public ConfigVersion AddConfig(string site, string body, string hash, string note, long created)
    {
        long version = Query(
            "INSERT INTO configs (site, version, hash, body, created, note) SELECT @site, coalesce(max(version), 0) + 1, @hash, @body, @created, @note FROM configs WHERE site = @site RETURNING version",
            r => Convert.ToInt64(r.GetValue(0)), ("site", site), ("hash", hash), ("body", body), ("created", created), ("note", note))[0];
        return new ConfigVersion(site, (int)version, hash, body, created, note);
    }

    /// <inheritdoc/>
    public ConfigVersion? Config(string site, int version) => Query(
        "SELECT site, version, hash, body, created, note FROM configs WHERE site = @site AND (version = @version OR (@version = 0 AND version = (SELECT max(version) FROM configs WHERE site = @site)))",
        ReadConfig, ("site", site), ("version", (long)version)).FirstOrDefault();

    /// <inheritdoc/>
    public IReadOnlyList<ConfigVersion> ConfigVersions(string site) => Query(
        "SELECT site, version, hash, body, created, note FROM configs WHERE site = @site ORDER BY version DESC", ReadConfig, ("site", site));

    /// <inheritdoc/>
    public long EventCount() => Query("SELECT count(*) FROM events", r => Convert.ToInt64(r.GetValue(0)))[0];

    /// <inheritdoc/>
    public abstract void Dispose();

    /// <summary>Opens a connection for a read or a small write.</summary>
    /// <returns>An open connection.</returns>
    protected abstract DbConnection Open();

    /// <summary>Reads a string member of a JSON text column in SQL.</summary>
    /// <param name="column">The column.</param>
    /// <param name="member">The member.</param>
    /// <returns>An SQL expression.</returns>
    protected abstract string JsonMember(string column, string member);

    /// <summary>Runs statements that return nothing.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">Named parameters (without @).</param>
    protected void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using DbConnection c = Open();
        using DbCommand command = Command(c, sql, parameters);
        command.ExecuteNonQuery();
    }

    /// <summary>Creates a command with parameters.</summary>
    /// <param name="c">The connection.</param>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">Named parameters (without @).</param>
    /// <returns>The command.</returns>
    protected static DbCommand Command(DbConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            DbParameter p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return command;
    }

    /// <summary>The statements a batch runs, with their values: each message's, then one per site telling live pages it changed.</summary>
    /// <param name="batch">The messages.</param>
    /// <returns>The SQL and values of each statement.</returns>
    protected static IEnumerable<(string Sql, (string Name, object Value)[] Values)> BatchStatements(IEnumerable<IngestMessage> batch)
    {
        Dictionary<string, long> sites = new(StringComparer.Ordinal);
        foreach (IngestMessage m in batch)
        {
            foreach ((string Sql, (string Name, object Value)[] Values) statement in BatchValues(m))
            {
                yield return statement;
            }

            sites[m.Site] = Math.Max(m.ReceivedAt, sites.GetValueOrDefault(m.Site));
        }

        foreach ((string site, long received) in sites.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            yield return (UpsertSiteChangeSql, [("site", site), ("received", received)]);
        }
    }

    private static IEnumerable<(string Sql, (string Name, object Value)[] Values)> BatchValues(IngestMessage message)
    {
        if (message.Kind == "events")
        {
            yield return (InsertEventSql, [("device", message.Device), ("seq", message.Seq), ("site", message.Site), ("ts", message.Timestamp), ("kind", message.EventKind), ("body", message.Body), ("received", message.ReceivedAt)]);
            yield break;
        }

        yield return (UpsertLatestSql, [("device", message.Device), ("kind", message.Kind), ("site", message.Site), ("ts", message.Timestamp), ("body", message.Body), ("received", message.ReceivedAt)]);
        if (message.Kind == "state")
        {
            yield return (InsertSampleSql, [("device", message.Device), ("ts", message.Timestamp), ("body", message.Body)]);
            foreach (LinkFigures f in LinkFiguresOf(message))
            {
                (string Name, object Value)[] figures = [("latency", f.LatencyUs), ("loss", f.LossPermille), ("jitter", f.JitterUs), ("rsrp", f.RsrpDbm), ("sinr", f.SinrTenthsDb), ("used", f.UsedBytes), ("cap", f.CapBytes)];
                yield return (InsertLinkSampleSql, [("device", f.Device), ("link", f.Link), ("ts", f.Ts), .. figures]);
                yield return (UpsertRollupSql, [("device", f.Device), ("link", f.Link), ("bucket", f.Bucket), .. figures]);
            }
        }
    }

    private List<T> Query<T>(string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using DbConnection c = Open();
        using DbCommand command = Command(c, sql, parameters);
        using DbDataReader r = command.ExecuteReader();
        List<T> rows = [];
        while (r.Read())
        {
            rows.Add(read(r));
        }

        return rows;
    }

    private List<JsonElement> Json(string sql, params (string Name, object Value)[] parameters) =>
        Query(sql, r => StoredJson.Read(r.GetString(0)), parameters);

    private static DeviceRecord ReadDevice(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3));

    private static ConfigVersion ReadConfig(DbDataReader r) => new(r.GetString(0), Convert.ToInt32(r.GetValue(1)), r.GetString(2), r.GetString(3), Convert.ToInt64(r.GetValue(4)), r.GetString(5));
}
