using System.CommandLine;
using NfBond.Aggregator;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Security;
using NfBond.Aggregator.Storage;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond aggregator</c>: the fleet aggregator with its defaults; <c>nfbond aggregator device add</c> provisions a controller.</summary>
public static class AggregatorCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<int?> mqttPort = new("--mqtt-port") { Description = "embedded broker port (default 1883)" };
        Option<int?> httpPort = new("--http-port") { Description = "API port (default 8080)" };
        Option<string?> data = new("--data") { Description = "data directory: SQLite database, API token, optional appsettings.json (default nfbond-data)" };
        Option<string?> listen = new("--listen") { Description = "address to listen on (default 127.0.0.1: loopback only)" };
        Option<string?> broker = new("--broker") { Description = "external broker mqtt://[user:password@]host[:port]: consume with an MQTT 5 shared subscription instead of the embedded broker" };
        Option<string?> postgres = new("--postgres") { Description = "store in PostgreSQL (Npgsql connection string) instead of SQLite" };
        Option<string?> instance = new("--instance") { Description = "this instance's client ID on an external broker (unique per instance)" };
        Option<bool> anonymous = new("--allow-anonymous") { Description = "LAB USE ONLY: let controllers connect to the embedded broker without credentials" };
        Option<double> seconds = new("--seconds") { Description = "stop after this many seconds (default: until Ctrl+C)" };
        Option<int?> tlsPort = new("--tls-port") { Description = "MQTT over TLS port (default 8883 when --listen is beyond loopback, none on loopback; 0 for none)" };
        Option<int?> httpsPort = new("--https-port") { Description = "HTTPS port of the API (default 8443 when --listen is beyond loopback, none on loopback; 0 for none)" };
        Option<string?> certificate = new("--certificate") { Description = "server certificate (PFX, or PEM with Aggregator:CertificateKeyFile); default: a private CA and certificate generated into the data directory's tls/" };
        Option<string?> brokerCa = new("--broker-ca") { Description = "with an mqtts:// --broker: the CA certificate (PEM) its certificate must chain to (default: the system's roots)" };
        Option<bool> plaintext = new("--allow-plaintext") { Description = "also serve plain MQTT and HTTP beyond loopback: device passwords and API tokens cross the network in clear" };
        Command run = new("aggregator", "Run the fleet aggregator: embedded MQTT broker, SQLite storage, REST API and /metrics (settings also from appsettings.json and Aggregator__* environment variables).")
        {
            mqttPort, httpPort, data, listen, broker, postgres, instance, anonymous, seconds, tlsPort, httpsPort, certificate, plaintext, brokerCa,
        };
        run.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            Dictionary<string, string?> flags = [];
            void Flag(string name, object? value)
            {
                if (value != null)
                {
                    flags[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            Flag(nameof(AggregatorOptions.MqttPort), result.GetValue(mqttPort));
            Flag(nameof(AggregatorOptions.HttpPort), result.GetValue(httpPort));
            Flag(nameof(AggregatorOptions.DataDirectory), result.GetValue(data));
            Flag(nameof(AggregatorOptions.ListenAddress), result.GetValue(listen));
            Flag(nameof(AggregatorOptions.Broker), result.GetValue(broker));
            Flag(nameof(AggregatorOptions.PostgresConnectionString), result.GetValue(postgres));
            Flag(nameof(AggregatorOptions.Storage), result.GetValue(postgres) != null ? "postgres" : null);
            Flag(nameof(AggregatorOptions.InstanceId), result.GetValue(instance));
            Flag(nameof(AggregatorOptions.AllowAnonymous), result.GetValue(anonymous) ? "true" : null);
            Flag(nameof(AggregatorOptions.MqttTlsPort), result.GetValue(tlsPort));
            Flag(nameof(AggregatorOptions.HttpsPort), result.GetValue(httpsPort));
            Flag(nameof(AggregatorOptions.CertificateFile), result.GetValue(certificate));
            Flag(nameof(AggregatorOptions.AllowPlaintext), result.GetValue(plaintext) ? "true" : null);
            Flag(nameof(AggregatorOptions.BrokerCaFile), result.GetValue(brokerCa));
            AggregatorOptions options;
            try
            {
                options = AggregatorSettings.Load(flags);
            }
            catch (ArgumentException ex)
            {
                error.WriteLine("nfbond aggregator: " + ex.Message);
                return NfBondCli.BadInput;
            }

            if (options.AllowAnonymous)
            {
                error.WriteLine("WARNING: --allow-anonymous: any client that reaches the broker can publish telemetry. Lab use only; never on a network you do not control.");
            }

            return RunAsync(options, result.GetValue(seconds), output).GetAwaiter().GetResult();
        });

        Option<string> site = new("--site") { Description = "the controller's site ID", Required = true };
        Option<string> device = new("--device") { Description = "the controller's device ID", Required = true };
        Option<string?> deviceData = new("--data") { Description = "the aggregator's data directory (storage settings also from appsettings.json and Aggregator__* environment variables)" };
        Option<FileInfo?> deviceFile = new("--device-file") { Description = "also write the board's device.json (for I:\\ on a nanoFramework board) with --broker-host, --ntp and --address" };
        Option<string?> brokerHost = new("--broker-host") { Description = "with --device-file: the aggregator's address as the board reaches it" };
        Option<int> brokerPort = new("--broker-port") { Description = "with --device-file: the MQTT port (default 1883, 8883 with --ca)" };
        Option<string?> ntp = new("--ntp") { Description = "with --device-file: the SNTP server's IPv4 address (usually the router)" };
        Option<string?> address = new("--address") { Description = "with --device-file: the board's own LAN IPv4 address" };
        Option<FileInfo?> ca = new("--ca") { Description = "with --device-file: the CA certificate (PEM) of the broker's certificate (default: the aggregator's generated CA in its data directory)" };
        Command add = new("add", "Provision a controller and print its MQTT credentials and command secret (shown once).") { site, device, deviceData, deviceFile, brokerHost, brokerPort, ntp, address, ca };
        add.SetAction(result =>
        {
            AggregatorOptions options;
            try
            {
                options = AggregatorSettings.Load(new Dictionary<string, string?> { [nameof(AggregatorOptions.DataDirectory)] = result.GetValue(deviceData) });
            }
            catch (ArgumentException ex)
            {
                result.InvocationConfiguration.Error.WriteLine("nfbond aggregator device add: " + ex.Message);
                return NfBondCli.BadInput;
            }

            string siteId = result.GetValue(site)!;
            string deviceId = result.GetValue(device)!;
            FileInfo? file = result.GetValue(deviceFile);
            string? missing = file == null ? null
                : result.GetValue(brokerHost) == null ? "--broker-host" : result.GetValue(ntp) == null ? "--ntp" : result.GetValue(address) == null ? "--address" : null;
            if (missing != null)
            {
                result.InvocationConfiguration.Error.WriteLine($"nfbond aggregator device add: --device-file needs {missing} too");
                return NfBondCli.BadInput;
            }

            string? refused = FleetIds.Check("site", siteId) ?? FleetIds.Check("device", deviceId);
            if (refused != null)
            {
                result.InvocationConfiguration.Error.WriteLine("nfbond aggregator device add: " + refused);
                return NfBondCli.BadInput;
            }

            using IFleetStore store = FleetStores.Open(options);
            (string password, string secret) = new DeviceRegistry(store).Add(siteId, deviceId);
            TextWriter o = result.InvocationConfiguration.Output;
            o.WriteLine($"device {deviceId} of site {siteId} provisioned; give the controller:");
            o.WriteLine($"  --site {siteId} --device {deviceId} --username {deviceId} --password {password} --secret {secret}");
            if (options.Broker != "embedded")
            {
                o.WriteLine($"and give it an account on the external broker, e.g. for mosquitto: mosquitto_passwd -b /etc/mosquitto/passwd {deviceId} {password}");
            }

            // The embedded broker's TLS certificate comes from the aggregator's own CA unless one was configured.
            ServerCertificates? tls = options.Broker == "embedded" ? ServerCertificates.Load(options) : null;
            string caPath = Path.GetFullPath(Path.Combine(options.DataDirectory, ServerCertificates.CaFileName));
            if (tls != null)
            {
                o.WriteLine(tls.CaPem != null
                    ? $"over TLS (port {(options.MqttTlsPort is > 0 and var p ? p : 8883)}), verify the broker with the CA {caPath} (SHA-256 {tls.Fingerprint}): --broker mqtts://HOST:PORT --broker-ca {caPath}"
                    : $"over TLS, the broker's certificate is {options.CertificateFile} (SHA-256 {tls.Fingerprint}): give the controller its issuer's CA with --broker-ca");
            }

            if (file != null)
            {
                string? caText = result.GetValue(ca) is { } caFile ? File.ReadAllText(caFile.FullName) : tls?.CaPem;
                int port = result.GetValue(brokerPort) is > 0 and var given ? given : caText != null ? 8883 : 1883;
                System.Text.Json.Nodes.JsonObject json = new()
                {
                    ["format"] = NfBond.Firmware.Config.DeviceSettingsReader.Format,
                    ["site"] = siteId,
                    ["device"] = deviceId,
                    ["password"] = password,
                    ["secret"] = secret,
                    ["broker"] = new System.Text.Json.Nodes.JsonObject { ["host"] = result.GetValue(brokerHost), ["port"] = port, ["tls"] = caText != null },
                    ["ntpServer"] = result.GetValue(ntp),
                    ["address"] = result.GetValue(address),
                };
                if (caText != null)
                {
                    json["caCertificate"] = caText;
                }

                File.WriteAllText(file.FullName, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                o.WriteLine($"device file written to {file.FullName}: copy it to I:\\device.json on the board");
                if (caText == null)
                {
                    o.WriteLine("WARNING: no CA: the board will send its password to the broker in clear; give --ca with the CA that issued the broker's certificate");
                }
            }

            return 0;
        });
        run.Add(new Command("device", "Controllers known to the aggregator.") { add });
        run.Add(AccountCommands.User());
        run.Add(AccountCommands.Site());
        run.Add(AlertCommands.Create());
        run.Add(PlanCommands.Create());
        run.Add(StoredReportCommand.Create());
        return run;
    }

    private static string Redact(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out Uri? u) && u.UserInfo.Length > 0 ? uri.Replace(u.UserInfo + "@", u.UserInfo.Split(':')[0] + ":***@") : uri;

    private static async Task<int> RunAsync(AggregatorOptions options, double seconds, TextWriter output)
    {
        await using AggregatorHost host = new(options);
        await host.StartAsync();
        string brokerText = options.Broker == "embedded" ? $"MQTT on {options.ListenAddress}:{options.MqttPort}" : $"consuming {Redact(options.Broker)} as {options.InstanceId} in group {options.SharedGroup}";
        string storeText = options.Storage == "postgres" ? "PostgreSQL" : "SQLite";
        output.WriteLine($"aggregator: {brokerText}, {storeText}, API on {host.BaseUrl}/api (token in {Path.Combine(options.DataDirectory, "api-token")}), metrics on /metrics, data in {options.DataDirectory}");
        output.WriteLine($"dashboard: {host.BaseUrl}/" + (host.FirstPasswordFile != null ? $" (first start: user admin, password in {host.FirstPasswordFile})" : ""));
        using CancellationTokenSource stop = seconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
        using System.Runtime.InteropServices.PosixSignalRegistration term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using System.Runtime.InteropServices.PosixSignalRegistration interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        output.WriteLine($"aggregator: stopping; {host.Ingest.Stored} messages stored this run");
        return 0;
    }
}
