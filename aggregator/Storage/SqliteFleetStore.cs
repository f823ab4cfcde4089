using System.Text.Json;
using Microsoft.Data.Sqlite;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode (readers never block the writer). Batches are written
/// in one transaction with prepared commands; events are keyed by (device, seq), so a redelivered event
/// is ignored by the database itself, which also makes a crash between write and acknowledgement harmless.
/// </summary>
public sealed class SqliteFleetStore : IFleetStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly object _writeLock = new();

    /// <summary>Opens (and creates) the database.</summary>
    /// <param name="path">The database file.</param>
    public SqliteFleetStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, site TEXT NOT NULL, password_hash TEXT NOT NULL, secret TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS events (device TEXT NOT NULL, seq INTEGER NOT NULL, site TEXT NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, received INTEGER NOT NULL, PRIMARY KEY (device, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS latest (device TEXT NOT NULL, kind TEXT NOT NULL, site TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL, received INTEGER NOT NULL, PRIMARY KEY (device, kind)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS state_samples (device TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS state_samples_by_device ON state_samples (device, ts);
            """);
    }

    /// <inheritdoc/>
    public int WriteBatch(IReadOnlyList<IngestMessage> batch)
    {
        int duplicates = 0;
        lock (_writeLock)
        {
            using SqliteTransaction tx = _writer.BeginTransaction();
            using SqliteCommand insertEvent = Command(tx, "INSERT OR IGNORE INTO events VALUES ($device, $seq, $site, $ts, $kind, $body, $received)", "$device", "$seq", "$site", "$ts", "$kind", "$body", "$received");
            using SqliteCommand upsertLatest = Command(tx, "INSERT OR REPLACE INTO latest VALUES ($device, $kind, $site, $ts, $body, $received)", "$device", "$kind", "$site", "$ts", "$body", "$received");
            using SqliteCommand insertSample = Command(tx, "INSERT INTO state_samples VALUES ($device, $ts, $body)", "$device", "$ts", "$body");
            foreach (IngestMessage m in batch)
            {
                if (m.Kind == "events")
                {
                    Set(insertEvent, m.Device, m.Seq, m.Site, m.Timestamp, m.EventKind, m.Body, m.ReceivedAt);
                    duplicates += insertEvent.ExecuteNonQuery() == 0 ? 1 : 0;
                    continue;
                }

                Set(upsertLatest, m.Device, m.Kind, m.Site, m.Timestamp, m.Body, m.ReceivedAt);
                upsertLatest.ExecuteNonQuery();
                if (m.Kind == "state")
                {
                    Set(insertSample, m.Device, m.Timestamp, m.Body);
                    insertSample.ExecuteNonQuery();
                }
            }

            tx.Commit();
        }

        return duplicates;
    }

    /// <inheritdoc/>
    public void AddDevice(DeviceRecord device)
    {
        lock (_writeLock)
        {
            using SqliteCommand add = Command(null, "INSERT OR REPLACE INTO devices VALUES ($device, $site, $hash, $secret)", "$device", "$site", "$hash", "$secret");
            Set(add, device.Device, device.Site, device.PasswordHash, device.Secret);
            add.ExecuteNonQuery();
        }
    }

    /// <inheritdoc/>
    public DeviceRecord? FindDevice(string device)
    {
        using SqliteConnection c = Open();
        using SqliteCommand find = new("SELECT site, password_hash, secret FROM devices WHERE device = $device", c);
        find.Parameters.AddWithValue("$device", device);
        using SqliteDataReader r = find.ExecuteReader();
        return r.Read() ? new DeviceRecord(device, r.GetString(0), r.GetString(1), r.GetString(2)) : null;
    }

    /// <inheritdoc/>
    public IReadOnlyList<JsonElement> Sites() => Query("SELECT json_object('site', site, 'controllers', count(*)) FROM devices GROUP BY site ORDER BY site");

    /// <inheritdoc/>
    public IReadOnlyList<JsonElement> Controllers(string? site) => Query(
        "SELECT json_object('device', d.device, 'site', d.site, 'status', json_extract(s.body, '$.state'), 'status_ts', s.ts, 'last_seq', (SELECT max(seq) FROM events e WHERE e.device = d.device)) "
        + "FROM devices d LEFT JOIN latest s ON s.device = d.device AND s.kind = 'status' WHERE $site IS NULL OR d.site = $site ORDER BY d.device",
        ("$site", (object?)site ?? DBNull.Value));

    /// <inheritdoc/>
    public IReadOnlyList<JsonElement> Events(string device, long afterSeq, int limit) => Query(
        "SELECT body FROM events WHERE device = $device AND seq > $after ORDER BY seq LIMIT $limit", ("$device", device), ("$after", afterSeq), ("$limit", limit));

    /// <inheritdoc/>
    public JsonElement? Latest(string device, string kind)
    {
        IReadOnlyList<JsonElement> rows = Query("SELECT body FROM latest WHERE device = $device AND kind = $kind", ("$device", device), ("$kind", kind));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc/>
    public long EventCount()
    {
        using SqliteConnection c = Open();
        using SqliteCommand count = new("SELECT count(*) FROM events", c);
        return (long)count.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    private SqliteConnection Open()
    {
        SqliteConnection c = new(_connectionString);
        c.Open();
        return c;
    }

    private IReadOnlyList<JsonElement> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteConnection c = Open();
        using SqliteCommand query = new(sql, c);
        foreach ((string name, object value) in parameters)
        {
            query.Parameters.AddWithValue(name, value);
        }

        List<JsonElement> rows = [];
        using SqliteDataReader r = query.ExecuteReader();
        while (r.Read())
        {
            rows.Add(JsonDocument.Parse(r.GetString(0)).RootElement.Clone());
        }

        return rows;
    }

    private SqliteCommand Command(SqliteTransaction? tx, string sql, params string[] names)
    {
        SqliteCommand command = _writer.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (string name in names)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using SqliteCommand command = new(sql, c);
        command.ExecuteNonQuery();
    }
}
