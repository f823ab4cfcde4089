using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NfBond.Hal.Linux;
using NfBond.Lab;

namespace NfBond.Tests.Shared;

/// <summary>
/// A real mosquitto on a free loopback port, with passwords and an ACL that lets each device publish
/// only under its own ID and read only its own command topic; the aggregator reads everything and
/// writes commands (and may take MQTT 5 shared subscriptions for several aggregator instances).
/// Installed with apt-get when missing.
/// </summary>
internal sealed class Mosquitto : IDisposable
{
    public const string AggregatorUser = "aggregator";
    public const string Password = "s3cret-pass";

    private readonly string _dir;
    private Process? _process;

    public Mosquitto(params string[] devices)
    {
        LabTools.Ensure(TextWriter.Null, [("mosquitto", "mosquitto"), ("mosquitto_passwd", "mosquitto")]);
        _dir = Directory.CreateTempSubdirectory("nfbond-mosquitto").FullName;
        Port = TestPorts.Free();
        string passwords = Path.Combine(_dir, "passwd");
        File.WriteAllText(passwords, "");
        foreach (string user in devices.Append(AggregatorUser))
        {
            (int exit, string error) = CommandRunner.Run("mosquitto_passwd", ["-b", passwords, user, Password]);
            Assert.True(exit == 0, error);
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
        File.WriteAllText(Path.Combine(_dir, "mosquitto.conf"), $"""
            listener {Port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(_dir, "acl")}
            persistence false
            max_inflight_messages 1000
            max_queued_messages 100000
            user root
            log_dest stderr
            log_type error
            log_type warning
            """);
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        ProcessStartInfo info = new("mosquitto", ["-c", Path.Combine(_dir, "mosquitto.conf")]) { RedirectStandardError = true, RedirectStandardOutput = true };
        _process = Process.Start(info)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.ElapsedMilliseconds < 10_000)
        {
            try
            {
                using TcpClient probe = new();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("mosquitto did not start listening on port " + Port);
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

    public void Dispose() => Stop();
}
