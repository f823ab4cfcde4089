using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// An aggregator started on a database that release 1 made (its DDL kept as a fixture, taken from that
/// commit) upgrades it in place: every row is still there and read through the API, and what later
/// migrations added works.
/// </summary>
public class SchemaUpgradeTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_release_1_database_is_upgraded_in_place_and_loses_nothing(string storage)
    {
        using PostgresServer? postgres = storage == "postgres" ? new PostgresServer() : null;
        string data = Directory.CreateTempSubdirectory("nfbond-upgrade").FullName;
        string connection = postgres?.CreateDatabase("upgrade") ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "fleet.db") }.ToString();
        using (DbConnection old = storage == "postgres" ? new NpgsqlConnection(connection) : new SqliteConnection(connection))
        {
            old.Open();
            Run(old, File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "NfBond.Aggregator.Tests", "Fixtures", $"schema-release-1.{storage}.sql")));
            long ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
            Run(old, "INSERT INTO devices (device, site, password_hash, secret) VALUES ('old-ctl', 'old-shop', 'x', '00');"
                + $"INSERT INTO events (device, seq, site, ts, kind, body, received) VALUES ('old-ctl', 1, 'old-shop', {ts}, 'link_state', '{{\"seq\":1,\"ts\":{ts},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"down\",\"cause\":\"cut\"}}', {ts});"
                + $"INSERT INTO configs (site, version, hash, body, created, note) VALUES ('old-shop', 1, 'h', '{{\"format\":\"nfbond-site/1\"}}', {ts}, 'release 1');"
                + "INSERT INTO site_tenants (site, tenant) VALUES ('old-shop', 'kraus');"
                + $"INSERT INTO incidents (key, site, rule, scope, detail, opened, closed, notified, last_sent, escalated, acknowledged_by, flaps, resolved_sent) VALUES ('old-shop|link_down|fiber', 'old-shop', 'link_down', 'fiber', 'cut', {ts}, 0, {ts}, {ts}, 0, '', 0, 0);");
        }

        AggregatorOptions options = new() { MqttPort = LocalPorts.Free(), HttpPort = LocalPorts.Free(), DataDirectory = data, Storage = storage, PostgresConnectionString = storage == "postgres" ? connection : "" };
        AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        try
        {
            await UpgradedAsync(host);
        }
        finally
        {
            await host.DisposeAsync();
        }

        // A second start finds nothing to do.
        using SqlFleetStore again = storage == "postgres" ? new PostgresFleetStore(connection) : new SqliteFleetStore(Path.Combine(data, "fleet.db"));
        Assert.Empty(again.Migrated);
    }

    private static async Task UpgradedAsync(AggregatorHost host)
    {

        Assert.Equal([1, 2, 3], ((SqlFleetStore)host.Store).Migrated.Select(m => m.Version));
        using HttpClient http = RunningAggregator.ApiClient(host);
        using (JsonDocument controllers = JsonDocument.Parse(await http.GetStringAsync("/api/controllers")))
        {
            Assert.Equal("old-ctl", controllers.RootElement[0].GetProperty("device").GetString());
        }

        Assert.Contains("\"cause\":\"cut\"", await http.GetStringAsync("/api/controllers/old-ctl/events?after=0"), StringComparison.Ordinal);
        Assert.Contains("release 1", await http.GetStringAsync("/api/sites/old-shop/config/versions"), StringComparison.Ordinal);
        Assert.Single(host.Store.Incidents(true, 0), i => i.Scope == "fiber" && i.Site == "old-shop");
        Assert.Equal("kraus", host.Store.SiteTenants()["old-shop"]);

        // What migrations 2 and 3 added works on the upgraded database.
        Assert.True((await http.PutAsync("/api/tenants/kraus/alert-rules", new StringContent("{\"poor_signal_minutes\":20}", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        Assert.Equal(20, host.Alerts.Rules.For("old-shop").PoorSignalMinutes);
        host.Store.AddPlanVersion("old-shop", "{\"owner\":\"o\",\"approver\":\"a\"}", "test", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Single(host.Store.PlanVersions("old-shop"));
    }

    [Fact]
    public void A_database_newer_than_this_aggregator_is_refused_with_the_versions()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("nfbond-newer").FullName, "fleet.db");
        using (SqliteFleetStore current = new(path))
        {
            Assert.Equal(Schema.Latest, current.Migrated[^1].Version);
        }

        using (SqliteConnection c = new(new SqliteConnectionStringBuilder { DataSource = path }.ToString()))
        {
            c.Open();
            Run(c, $"INSERT INTO schema_version (version, description, applied) VALUES ({Schema.Latest + 1}, 'from the future', 0)");
        }

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => new SqliteFleetStore(path));
        Assert.Equal($"the database is at schema version {Schema.Latest + 1}, this aggregator knows versions up to {Schema.Latest}: run the release that made it (or a newer one)", refused.Message);
    }

    private static void Run(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
