using System.Diagnostics;
using NfBond.Hal.Linux;

namespace NfBond.Lab.Servers;

/// <summary>
/// A real mosquitto of its own on a free loopback port (for tests and benchmarks), with passwords and an ACL that lets each device publish
/// only under its own ID and read only its own command topic; the aggregator reads everything and
/// writes commands (and may take MQTT 5 shared subscriptions for several aggregator instances).
/// Installed with apt-get when missing.
/// </summary>
public sealed class MosquittoServer : IDisposable
{
    /// <summary>The aggregator's user name.</summary>
    public const string AggregatorUser = "aggregator";
    /// <summary>Every account's password.</summary>
    public const string Password = "s3cret-pass";

    private readonly string _dir;
    private Process? _process;

    /// <summary>Installs mosquitto if missing, writes its configuration and starts it.</summary>
    /// <param name="devices">Device accounts to create (password <see cref="Password"/>).</param>
    public MosquittoServer(params string[] devices)
        : this(null, devices)
    {
    }

    /// <summary>Installs mosquitto if missing, writes its configuration and starts it, with a TLS listener as well when given a certificate.</summary>
    /// <param name="tls">The server certificate and its private key (PEM each), or null for plain MQTT only.</param>
    /// <param name="devices">Device accounts to create (password <see cref="Password"/>).</param>
    public MosquittoServer((string CertificatePem, string KeyPem)? tls, params string[] devices)
    {
        LabTools.Ensure(TextWriter.Null, [("mosquitto", "mosquitto"), ("mosquitto_passwd", "mosquitto")]);
        _dir = Directory.CreateTempSubdirectory("nfbond-mosquitto").FullName;
        Port = LocalPorts.Free();
        string passwords = Path.Combine(_dir, "passwd");
        File.WriteAllText(passwords, "");
        foreach (string user in devices.Append(AggregatorUser))
        {
            (int exit, string error) = CommandRunner.Run("mosquitto_passwd", ["-b", passwords, user, Password]);
            if (exit != 0)
            {
                throw new InvalidOperationException("mosquitto_passwd failed: " + error);
            }
        }

        File.WriteAllText(Path.Combine(_dir, "acl"), $"""
            user {AggregatorUser}
            topic read nfbond/v1/#
            topic write nfbond/v1/+/+/cmd

            pattern write nfbond/v1/+/%u/birth
            pattern write nfbond/v1/+/%u/status
            pattern write nfbond/v1/+/%u/state
            pattern write nfbond/v1/+/%u/events
            pattern write nfbond/v1/+/%u/cmd/res
            pattern read nfbond/v1/+/%u/cmd
            """);
        string tlsListener = "";
        if (tls != null)
        {
            TlsPort = LocalPorts.Free();
            File.WriteAllText(Path.Combine(_dir, "server.crt"), tls.Value.CertificatePem);
            File.WriteAllText(Path.Combine(_dir, "server.key"), tls.Value.KeyPem);
            tlsListener = $"listener {TlsPort} 127.0.0.1\ncertfile {Path.Combine(_dir, "server.crt")}\nkeyfile {Path.Combine(_dir, "server.key")}\n";
        }

        File.WriteAllText(Path.Combine(_dir, "mosquitto.conf"), tlsListener + $"""
            listener {Port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(_dir, "acl")}
            persistence false
            max_inflight_messages 0
            max_queued_messages 1000000
            user root
            log_dest stderr
            log_type error
            log_type warning
            """);
        Start();
    }

    /// <summary>Gets the port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the TLS port (127.0.0.1), or 0 without a certificate.</summary>
    public int TlsPort { get; }

    /// <summary>Gets the URL an aggregator consumes this broker with over TLS (its account included).</summary>
    public string AggregatorTlsUrl => $"mqtts://{AggregatorUser}:{Password}@127.0.0.1:{TlsPort}";

    /// <summary>Gets the URL an aggregator consumes this broker with (its account included).</summary>
    public string AggregatorUrl => $"mqtt://{AggregatorUser}:{Password}@127.0.0.1:{Port}";

    /// <summary>Starts (or restarts) the broker and waits until it listens.</summary>
    public void Start()
    {
        ProcessStartInfo info = new("mosquitto", ["-c", Path.Combine(_dir, "mosquitto.conf")]) { RedirectStandardError = true, RedirectStandardOutput = true };
        _process = Process.Start(info)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        if (!LocalPorts.WaitListening(Port, 10_000))
        {
            throw new InvalidOperationException("mosquitto did not start listening on port " + Port);
        }
    }

    /// <summary>Kills the broker: every client loses its connection.</summary>
    public void Stop()
    {
        if (_process != null && !_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();
}
