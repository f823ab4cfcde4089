using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using NfBond.Aggregator.Broker;
using NfBond.Aggregator.Security;
using NfBond.Hal.Linux;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// Issue 17, TLS: MQTT over TLS on the embedded broker and HTTPS on the API with the aggregator's
/// generated CA; controllers verify the server against that CA.
/// </summary>
public class TlsTests
{
    private static async Task<AggregatorHost> StartTls(string name)
    {
        AggregatorOptions options = new()
        {
            MqttPort = LocalPorts.Free(),
            HttpPort = LocalPorts.Free(),
            MqttTlsPort = LocalPorts.Free(),
            HttpsPort = LocalPorts.Free(),
            DataDirectory = Directory.CreateTempSubdirectory(name).FullName,
        };
        AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task A_controller_reports_over_tls_verifying_the_generated_ca()
    {
        await using AggregatorHost host = await StartTls("nfbond-tls");
        Assert.True(File.Exists(Path.Combine(host.Options.DataDirectory, ServerCertificates.CaFileName)));
        (string password, string secret) = host.Registry.Add("siteT", "ctl-t");
        using DeviceUnderTest device = new(host.Options.MqttTlsPort!.Value, "ctl-t", "ctl-t", password, Convert.FromHexString(secret), siteId: "siteT", caPem: host.Certificates!.CaPem);
        await Eventually.HoldsAsync(() => host.Store.Events("ctl-t", 0, 10).Count > 0);
        Assert.NotEmpty(host.Store.Events("ctl-t", 0, 10));
        Assert.True(device.Host.Agent!.IsConnected);
    }

    [Fact]
    public async Task With_the_wrong_ca_the_controller_refuses_the_broker_and_says_why()
    {
        await using AggregatorHost host = await StartTls("nfbond-tls-wrong");
        string otherCa = ServerCertificates.Load(new AggregatorOptions { DataDirectory = Directory.CreateTempSubdirectory("nfbond-tls-other").FullName }).CaPem!;
        (string password, string secret) = host.Registry.Add("siteT", "ctl-w");
        using DeviceUnderTest device = new(host.Options.MqttTlsPort!.Value, "ctl-w", "ctl-w", password, Convert.FromHexString(secret), siteId: "siteT", caPem: otherCa);
        await Eventually.HoldsAsync(() => device.Host.Agent!.LastConnectionError.Length > 0);
        Assert.Contains("does not chain to the configured CA", device.Host.Agent!.LastConnectionError);
        Assert.Empty(host.Store.Events("ctl-w", 0, 10));
    }

    [Fact]
    public async Task Plain_mqtt_to_the_tls_port_fails_cleanly_and_the_broker_goes_on()
    {
        await using AggregatorHost host = await StartTls("nfbond-tls-plain");
        (string password, _) = host.Registry.Add("siteT", "ctl-p");
        using IMqttClient plain = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", host.Options.MqttTlsPort!.Value).WithClientId("ctl-p").WithCredentials("ctl-p", password).WithTimeout(TimeSpan.FromSeconds(15)).Build();
        await Assert.ThrowsAnyAsync<Exception>(() => plain.ConnectAsync(options));
        await Eventually.HoldsAsync(() => ((EmbeddedBroker)host.Broker).ConnectionsRefused >= 1);
        Assert.True(((EmbeddedBroker)host.Broker).ConnectionsRefused >= 1);

        using IMqttClient ok = new MqttClientFactory().CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await ok.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", host.Options.MqttPort).WithClientId("ctl-p").WithCredentials("ctl-p", password).Build())).ResultCode);
    }

    [Fact]
    public async Task The_api_answers_over_https_with_the_same_certificate()
    {
        await using AggregatorHost host = await StartTls("nfbond-https");
        BrokerCertificateCheck check = new(host.Certificates!.CaPem!);
        string? failure = null;
        using HttpClientHandler handler = new() { ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => (failure = check.Check(certificate, errors)) == null };
        using HttpClient https = new(handler) { BaseAddress = new Uri($"https://127.0.0.1:{host.Options.HttpsPort}") };
        https.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.ApiToken);
        HttpResponseMessage answer = await https.GetAsync("/api/sites");
        Assert.Null(failure);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public void Beyond_loopback_tls_is_the_default_and_plaintext_needs_the_flag()
    {
        AggregatorOptions lan = new() { ListenAddress = "192.0.2.10" };
        Assert.Equal(8883, lan.EffectiveMqttTlsPort());
        Assert.Equal(8443, lan.EffectiveHttpsPort());
        Assert.False(lan.ServesPlaintext());
        Assert.True(new AggregatorOptions { ListenAddress = "192.0.2.10", AllowPlaintext = true }.ServesPlaintext());

        AggregatorOptions loopback = new();
        Assert.Equal(0, loopback.EffectiveMqttTlsPort());
        Assert.True(loopback.ServesPlaintext());

        ArgumentException refused = Assert.Throws<ArgumentException>(() => AggregatorSettings.Check(new AggregatorOptions { ListenAddress = "192.0.2.10", MqttTlsPort = 0 }));
        Assert.Contains("MqttTlsPort is 0 while ListenAddress 192.0.2.10 is beyond loopback", refused.Message);
    }

    [Fact]
    public void A_configured_pem_certificate_is_used_and_a_missing_one_is_named()
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-tls-pem").FullName;
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 self = new CertificateRequest("CN=aggregator.example", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(Path.Combine(dir, "server.pem"), self.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "server.key"), key.ExportPkcs8PrivateKeyPem());

        ServerCertificates loaded = ServerCertificates.Load(new AggregatorOptions { DataDirectory = dir, CertificateFile = Path.Combine(dir, "server.pem"), CertificateKeyFile = Path.Combine(dir, "server.key") });
        Assert.Null(loaded.CaPem);
        Assert.Equal("CN=aggregator.example", loaded.Server.Subject);
        Assert.Equal(ServerCertificates.FingerprintOf(self), loaded.Fingerprint);

        ArgumentException missing = Assert.Throws<ArgumentException>(() => ServerCertificates.Load(new AggregatorOptions { DataDirectory = dir, CertificateFile = Path.Combine(dir, "nope.pfx") }));
        Assert.Equal($"Aggregator:CertificateFile \"{Path.Combine(dir, "nope.pfx")}\" does not exist", missing.Message);
    }

    [Fact]
    public async Task The_external_broker_path_runs_over_tls_against_mosquitto_verifying_its_ca()
    {
        string pki = Directory.CreateTempSubdirectory("nfbond-tls-mosquitto").FullName;
        ServerCertificates issued = ServerCertificates.Load(new AggregatorOptions { DataDirectory = pki });
        using MosquittoServer broker = new((issued.Server.ExportCertificatePem(), issued.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()), "ctl-x");
        AggregatorOptions options = new()
        {
            Broker = broker.AggregatorTlsUrl,
            BrokerCaFile = Path.Combine(pki, ServerCertificates.CaFileName),
            InstanceId = "agg-tls",
            HttpPort = LocalPorts.Free(),
            DataDirectory = Directory.CreateTempSubdirectory("nfbond-tls-external").FullName,
        };
        await using AggregatorHost host = new(options, TextWriter.Null);
        await host.StartAsync();
        (_, string secret) = host.Registry.Add("shop", "ctl-x");

        using DeviceUnderTest device = new(broker.TlsPort, "ctl-x", "ctl-x", MosquittoServer.Password, Convert.FromHexString(secret), siteId: "shop", caPem: issued.CaPem);
        await Eventually.HoldsAsync(() => host.Store.Events("ctl-x", 0, 10).Count > 0);
        Assert.NotEmpty(host.Store.Events("ctl-x", 0, 10));
    }
}
