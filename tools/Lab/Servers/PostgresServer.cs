using System.Diagnostics;
using NfBond.Hal.Linux;
using Npgsql;

namespace NfBond.Lab.Servers;

/// <summary>
/// A real PostgreSQL server of its own (for tests and benchmarks) (initdb in a temporary directory, loopback on a free port), run as
/// the postgres user; installed with apt-get when missing. fsync is off: these tests crash aggregators,
/// never the database.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _dir;
    private readonly string _bin;
    private Process? _process;

    /// <summary>Installs PostgreSQL if missing, creates a cluster and starts it.</summary>
    public PostgresServer()
    {
        LabTools.Ensure(TextWriter.Null, [("psql", "postgresql"), ("runuser", "util-linux")]);
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int v) ? v : 0).Select(d => Path.Combine(d, "bin")).First(d => File.Exists(Path.Combine(d, "initdb")));
        // Under /tmp itself, not $TMPDIR: the postgres user must be able to reach the directory.
        _dir = Directory.CreateDirectory(Path.Combine("/tmp", "nfbond-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        Port = LocalPorts.Free();
        Run("chown", ["-R", "postgres:postgres", _dir]);
        Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "initdb"), "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "nfbond", "--no-sync", "-E", "UTF8"]);
        Start();
    }

    /// <summary>Gets the port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the connection string of a database (user nfbond, no password: trust on loopback).</summary>
    /// <param name="database">The database.</param>
    /// <returns>An Npgsql connection string.</returns>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=nfbond;Database={database};Pooling=true;Maximum Pool Size=50";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="name">Its name (letters, digits, underscores).</param>
    /// <returns>The connection string.</returns>
    public string CreateDatabase(string name)
    {
        using NpgsqlConnection c = new(ConnectionString("postgres"));
        c.Open();
        using NpgsqlCommand create = new($"CREATE DATABASE {name}", c);
        create.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on the same port and data, and waits until it takes connections.</summary>
    public void Start()
    {
        ProcessStartInfo info = new("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "postgres"), "-D", Path.Combine(_dir, "data"), "-p", Port.ToString(), "-k", _dir,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        _process = Process.Start(info)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using NpgsqlConnection c = new(ConnectionString("postgres") + ";Pooling=false");
                c.Open();
                return;
            }
            catch (NpgsqlException) when (waited.ElapsedMilliseconds < 30_000 && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Stops the server (fast shutdown: every client loses its connection).</summary>
    public void Stop()
    {
        string pidFile = Path.Combine(_dir, "data", "postmaster.pid");
        if (_process != null && !_process.HasExited && File.Exists(pidFile))
        {
            // SIGINT to the postmaster: PostgreSQL's fast shutdown.
            Run("kill", ["-INT", File.ReadLines(pidFile).First().Trim()]);
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(true);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Stop();
        Directory.Delete(_dir, true);
    }

    private static void Run(string tool, string[] args)
    {
        (int exit, string error) = CommandRunner.Run(tool, args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{CommandRunner.Describe(tool, args)}: {error}");
        }
    }
}
