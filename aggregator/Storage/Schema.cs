using System.Data.Common;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// The aggregator's database schema, once for SQLite and PostgreSQL, as numbered migrations. On start the
/// store applies the ones the database has not seen, each with its record in one transaction (on
/// PostgreSQL under an advisory lock, so two instances starting together migrate once). A database made
/// before versioning (release 1) holds every table of migration 1: running it again (all IF NOT EXISTS)
/// changes nothing and records it. A database newer than this aggregator is refused, never downgraded.
/// </summary>
public static class Schema
{
    /// <summary>Every migration, oldest first. Append; never edit one that has shipped.</summary>
    public static readonly SchemaMigration[] Migrations =
    [
        new(1, "release 1: devices, events, latest messages, samples, configs, cockpit, alerts, profiles, drills", """
            CREATE TABLE IF NOT EXISTS devices (device text PRIMARY KEY, site text NOT NULL, password_hash text NOT NULL, secret text NOT NULL);
            CREATE TABLE IF NOT EXISTS events (device text NOT NULL, seq bigint NOT NULL, site text NOT NULL, ts bigint NOT NULL, kind text NOT NULL, body text NOT NULL, received bigint NOT NULL,
                PRIMARY KEY (device, seq)){clustered};
            CREATE TABLE IF NOT EXISTS latest (device text NOT NULL, kind text NOT NULL, site text NOT NULL, ts bigint NOT NULL, body text NOT NULL, received bigint NOT NULL,
                PRIMARY KEY (device, kind)){clustered};
            CREATE TABLE IF NOT EXISTS state_samples (device text NOT NULL, ts bigint NOT NULL, body text NOT NULL);
            CREATE INDEX IF NOT EXISTS state_samples_by_device ON state_samples (device, ts);
            CREATE TABLE IF NOT EXISTS configs (site text NOT NULL, version integer NOT NULL, hash text NOT NULL, body text NOT NULL, created bigint NOT NULL, note text NOT NULL, PRIMARY KEY (site, version));
            CREATE TABLE IF NOT EXISTS site_tenants (site text PRIMARY KEY, tenant text NOT NULL);
            CREATE TABLE IF NOT EXISTS users (name text PRIMARY KEY, role text NOT NULL, tenant text NOT NULL, password_hash text NOT NULL, created bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS sessions (id text PRIMARY KEY, ticket text NOT NULL, expires bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS login_links (token_hash text PRIMARY KEY, user_name text NOT NULL, expires bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS login_failures (key text NOT NULL, ts bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, ts);
            CREATE TABLE IF NOT EXISTS protection_keys (name text PRIMARY KEY, xml text NOT NULL);
            CREATE TABLE IF NOT EXISTS command_answers (id text PRIMARY KEY, device text NOT NULL, body text NOT NULL, received bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS site_changes (site text PRIMARY KEY, received bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS link_samples (device text NOT NULL, link text NOT NULL, ts bigint NOT NULL, latency_us bigint NOT NULL, loss_permille bigint NOT NULL, jitter_us bigint NOT NULL,
                rsrp_dbm bigint NOT NULL, sinr_tenths_db bigint NOT NULL, used_bytes bigint NOT NULL, cap_bytes bigint NOT NULL, PRIMARY KEY (device, link, ts)){clustered};
            CREATE TABLE IF NOT EXISTS link_rollups (device text NOT NULL, link text NOT NULL, bucket bigint NOT NULL, n bigint NOT NULL, latency_sum bigint NOT NULL, loss_max bigint NOT NULL,
                jitter_sum bigint NOT NULL, rsrp_sum bigint NOT NULL, sinr_sum bigint NOT NULL, used_max bigint NOT NULL, cap_max bigint NOT NULL, PRIMARY KEY (device, link, bucket)){clustered};
            CREATE TABLE IF NOT EXISTS incidents (id {identity}, key text NOT NULL, site text NOT NULL, rule text NOT NULL, scope text NOT NULL, detail text NOT NULL,
                opened bigint NOT NULL, closed bigint NOT NULL, notified bigint NOT NULL, last_sent bigint NOT NULL, escalated bigint NOT NULL, acknowledged_by text NOT NULL,
                flaps bigint NOT NULL, resolved_sent bigint NOT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS incidents_open ON incidents (key) WHERE closed = 0;
            CREATE INDEX IF NOT EXISTS incidents_by_key ON incidents (key, closed);
            CREATE TABLE IF NOT EXISTS alert_channels (id {identity}, tenant text NOT NULL, kind text NOT NULL, target text NOT NULL, secret text NOT NULL, escalation bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS maintenance (site text NOT NULL, starts bigint NOT NULL, ends bigint NOT NULL, note text NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_outbox (id {identity}, incident bigint NOT NULL, channel bigint NOT NULL, subject text NOT NULL, body text NOT NULL,
                due bigint NOT NULL, lease_until bigint NOT NULL, attempts bigint NOT NULL, sent_at bigint NOT NULL, last_error text NOT NULL);
            CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (sent_at, due);
            CREATE TABLE IF NOT EXISTS site_profiles (site text PRIMARY KEY, body text NOT NULL);
            CREATE TABLE IF NOT EXISTS drill_schedules (id {identity}, site text NOT NULL, device text NOT NULL, link text NOT NULL, seconds bigint NOT NULL, cron text NOT NULL,
                time_zone text NOT NULL, next_run bigint NOT NULL);
            """),
        new(2, "emergency plans: versioned inputs and their approval", """
            CREATE TABLE IF NOT EXISTS emergency_plans (site text NOT NULL, version bigint NOT NULL, inputs text NOT NULL, author text NOT NULL, created bigint NOT NULL,
                approved_by text NOT NULL, approved_at bigint NOT NULL, config_version bigint NOT NULL, PRIMARY KEY (site, version));
            """),
        new(3, "alert rule sets per tenant and site", """
            CREATE TABLE IF NOT EXISTS alert_rule_sets (scope text PRIMARY KEY, body text NOT NULL);
            """),
    ];

    /// <summary>Gets the version this aggregator's schema has.</summary>
    public static int Latest => Migrations[^1].Version;

    /// <summary>Brings a database to <see cref="Latest"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="identity">The generated key column type of the database.</param>
    /// <param name="clustered">What makes a table its own primary-key index there, or empty.</param>
    /// <param name="serialize">A statement that makes concurrent migrators wait for each other inside the transaction, or null.</param>
    /// <returns>The migrations applied now.</returns>
    /// <exception cref="InvalidOperationException">The database is newer than this aggregator.</exception>
    public static IReadOnlyList<SchemaMigration> Migrate(DbConnection connection, string identity, string clustered, string? serialize)
    {
        using DbTransaction tx = connection.BeginTransaction();
        if (serialize != null)
        {
            Run(connection, tx, serialize);
        }

        Run(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version bigint PRIMARY KEY, description text NOT NULL, applied bigint NOT NULL)");
        long current;
        using (DbCommand read = connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = Convert.ToInt64(read.ExecuteScalar());
        }

        if (current > Latest)
        {
            throw new InvalidOperationException($"the database is at schema version {current}, this aggregator knows versions up to {Latest}: run the release that made it (or a newer one)");
        }

        List<SchemaMigration> applied = [];
        foreach (SchemaMigration migration in Migrations.Where(m => m.Version > current))
        {
            Run(connection, tx, migration.Sql.Replace("{identity}", identity, StringComparison.Ordinal).Replace("{clustered}", clustered, StringComparison.Ordinal));
            using DbCommand record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = $"INSERT INTO schema_version (version, description, applied) VALUES ({migration.Version}, @description, {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()})";
            DbParameter description = record.CreateParameter();
            description.ParameterName = "description";
            description.Value = migration.Description;
            record.Parameters.Add(description);
            record.ExecuteNonQuery();
            applied.Add(migration);
        }

        tx.Commit();
        return applied;
    }

    private static void Run(DbConnection connection, DbTransaction tx, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
