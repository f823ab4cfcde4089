using System.Data.Common;
using Npgsql;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// The store at scale: PostgreSQL through Npgsql. Several aggregator instances may write to one database
/// at once; a batch goes to the server in one round trip (<see cref="NpgsqlBatch"/>) inside one transaction.
/// </summary>
public sealed class PostgresFleetStore : SqlFleetStore
{
    private readonly NpgsqlDataSource _source;

    /// <summary>Connects and creates the schema when missing.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public PostgresFleetStore(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        using NpgsqlConnection c = _source.OpenConnection();
        using NpgsqlCommand schema = new("""
            CREATE TABLE IF NOT EXISTS devices (device text PRIMARY KEY, site text NOT NULL, password_hash text NOT NULL, secret text NOT NULL);
            CREATE TABLE IF NOT EXISTS events (device text NOT NULL, seq bigint NOT NULL, site text NOT NULL, ts bigint NOT NULL, kind text NOT NULL, body text NOT NULL, received bigint NOT NULL, PRIMARY KEY (device, seq));
            CREATE TABLE IF NOT EXISTS latest (device text NOT NULL, kind text NOT NULL, site text NOT NULL, ts bigint NOT NULL, body text NOT NULL, received bigint NOT NULL, PRIMARY KEY (device, kind));
            CREATE TABLE IF NOT EXISTS state_samples (device text NOT NULL, ts bigint NOT NULL, body text NOT NULL);
            CREATE INDEX IF NOT EXISTS state_samples_by_device ON state_samples (device, ts);
            CREATE TABLE IF NOT EXISTS configs (site text NOT NULL, version integer NOT NULL, hash text NOT NULL, body text NOT NULL, created bigint NOT NULL, note text NOT NULL, PRIMARY KEY (site, version));
            """ + CockpitSchema(""), c);
        try
        {
            schema.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created the schema at the same moment (CREATE IF NOT EXISTS is not atomic across sessions).
        }
    }

    /// <inheritdoc/>
    public override int WriteBatch(IReadOnlyList<IngestMessage> batch)
    {
        // Instances commit concurrently and one device's messages reach both, so rows of "latest" are
        // locked in one order (device, kind) everywhere: no deadlock, only a short wait. A deadlock or
        // serialization failure all the same (another writer with another order) is retried.
        IngestMessage[] ordered = [.. batch.OrderBy(m => m.Kind == "events" ? 1 : 0).ThenBy(m => m.Device, StringComparer.Ordinal).ThenBy(m => m.Kind, StringComparer.Ordinal)];
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Write(ordered);
            }
            catch (PostgresException ex) when (attempt < 5 && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                Thread.Sleep(10 * attempt);
            }
        }
    }

    /// <inheritdoc/>
    public override void Dispose() => _source.Dispose();

    /// <inheritdoc/>
    protected override DbConnection Open() => _source.OpenConnection();

    /// <inheritdoc/>
    protected override string JsonObject(params string[] keysAndValues) => "json_build_object(" + string.Join(", ", keysAndValues) + ")::text";

    /// <inheritdoc/>
    protected override string JsonMember(string column, string member) => $"(({column})::json ->> '{member}')";

    private int Write(IngestMessage[] batch)
    {
        using NpgsqlConnection c = _source.OpenConnection();
        using NpgsqlTransaction tx = c.BeginTransaction();
        using NpgsqlBatch write = new(c, tx);
        foreach ((string sql, (string Name, object Value)[] values) in BatchStatements(batch))
        {
            NpgsqlBatchCommand command = new(sql);
            foreach ((string name, object value) in values)
            {
                command.Parameters.AddWithValue(name, value);
            }

            write.BatchCommands.Add(command);
        }

        write.ExecuteNonQuery();
        int duplicates = 0;
        foreach (NpgsqlBatchCommand command in write.BatchCommands)
        {
            if (ReferenceEquals(command.CommandText, InsertEventSql) && command.RecordsAffected == 0)
            {
                duplicates++;
            }
        }

        tx.Commit();
        return duplicates;
    }
}
