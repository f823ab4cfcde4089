using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Tests;

/// <summary>Alerts end to end: a controller publishing over MQTT, a real SMTP server, a webhook receiver.</summary>
public class AlertTests
{
    [Fact]
    public async Task A_site_down_is_one_email_its_links_raise_none_and_the_all_clear_follows()
    {
        using MailCatcher mail = new(LocalPorts.Free());
        await using Site site = await Site.StartAsync(mail.Port);
        site.Host.Store.AddChannel(new AlertChannel(0, "", "email", "ops@integrator.example", "", false));

        await site.LinksAsync(fiber: false, lte: false);
        await Eventually.HoldsAsync(() => mail.Messages.Count >= 1, 10_000);
        await Task.Delay(2500);
        Assert.Equal(["[nf-bond] shop: site down open"], mail.Messages.Select(m => m.Subject));
        Assert.Equal("ops@integrator.example", mail.Messages[0].To.Mailboxes.Single().Address);

        await site.LinksAsync(fiber: true, lte: true);
        await Eventually.HoldsAsync(() => mail.Messages.Count >= 2, 30_000);
        await Task.Delay(2500);
        Assert.True(mail.Messages.Count == 2, Diagnose(site.Host, mail));
        Assert.Equal(["[nf-bond] shop: site down open", "[nf-bond] shop: site down resolved"], mail.Messages.Select(m => m.Subject));
    }

    [Fact]
    public async Task A_brief_link_blip_raises_nothing_a_longer_outage_one_signed_webhook_and_flapping_no_more()
    {
        using WebhookReceiver hook = await WebhookReceiver.StartAsync();
        await using Site site = await Site.StartAsync(0);
        AlertChannel channel = site.Host.Store.AddChannel(new AlertChannel(0, "", "webhook", hook.Url, "webhook-secret", false));

        await site.LinksAsync(fiber: false, lte: true);
        await Task.Delay(300);
        await site.LinksAsync(fiber: true, lte: true);
        await Task.Delay(2000);
        Assert.Empty(hook.Received);

        await site.LinksAsync(fiber: false, lte: true);
        await Eventually.HoldsAsync(() => hook.Received.Count >= 1, 10_000);
        // Up and down again within the flap time: the same incident, no new alert, and no all-clear yet.
        await site.LinksAsync(fiber: true, lte: true);
        await Task.Delay(200);
        await site.LinksAsync(fiber: false, lte: true);
        await Task.Delay(2500);

        (string body, string signature) = Assert.Single(hook.Received);
        Assert.Equal(AlertSender.Sign("webhook-secret", body), signature);
        using JsonDocument alert = JsonDocument.Parse(body);
        // The site is on backup: that one alert stands for the fiber's own link-down alert.
        Assert.Equal("failover", alert.RootElement.GetProperty("rule").GetString());
        Assert.Equal("fiber", alert.RootElement.GetProperty("scope").GetString());
        Assert.Equal(1, site.Host.Store.Incidents(true, 0).Single(i => i.Rule == AlertRules.Failover).Flaps);
        Assert.Contains(site.Host.Store.Incidents(true, 0), i => i.Rule == AlertRules.LinkDown && i.Notified == 0);
        Assert.Equal(channel.Id, site.Host.Store.Outbox().Single().Channel);
    }

    [Fact]
    public async Task An_unacknowledged_incident_escalates_and_an_acknowledged_one_does_not()
    {
        using MailCatcher mail = new(LocalPorts.Free());
        using WebhookReceiver pager = await WebhookReceiver.StartAsync();
        await using Site site = await Site.StartAsync(mail.Port, escalateSeconds: 2);
        site.Host.Store.AddChannel(new AlertChannel(0, "", "email", "ops@integrator.example", "", false));
        site.Host.Store.AddChannel(new AlertChannel(0, "", "webhook", pager.Url, "k", true));

        await site.OfflineAsync();
        await Eventually.HoldsAsync(() => pager.Received.Count >= 1, 10_000);
        await Eventually.HoldsAsync(() => mail.Messages.Count >= 1, 10_000);
        Assert.True(mail.Messages.Count == 1, Diagnose(site.Host, mail));
        Assert.Equal("[nf-bond] shop: controller offline shop-ctl open", mail.Messages.Single().Subject);
        using (JsonDocument escalated = JsonDocument.Parse(pager.Received.Single().Body))
        {
            Assert.Equal("escalated", escalated.RootElement.GetProperty("state").GetString());
        }

        // The controller is back and its site goes down, acknowledged through the API before its escalation: no page.
        await Site.PublishAsync(site.Device, "status", "{\"ts\":" + Site.Now() + ",\"state\":\"online\"}");
        await site.LinksAsync(fiber: false, lte: false);
        await Eventually.HoldsAsync(() => site.Host.Store.Incidents(true, 0).Any(i => i.Rule == AlertRules.SiteDown && i.Notified > 0), 10_000);
        Incident down = site.Host.Store.Incidents(true, 0).Single(i => i.Rule == AlertRules.SiteDown);
        HttpResponseMessage ack = await site.Http.PostAsync($"/api/incidents/{down.Id}/ack", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, ack.StatusCode);
        await Task.Delay(3500);
        Assert.DoesNotContain(pager.Received, r => r.Body.Contains("\"rule\":\"site_down\"", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => mail.Messages.Any(m => m.Subject == "[nf-bond] shop: site down open"), 30_000);
        Assert.Equal("ops@integrator.example", Assert.Single(mail.Messages, m => m.Subject == "[nf-bond] shop: site down open").To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Rules_are_changed_per_tenant_and_site_through_the_api_and_a_wrong_change_is_refused()
    {
        await using Site site = await Site.StartAsync(0);
        site.Host.Store.SetSiteTenant("shop", "trattoria");

        HttpResponseMessage bad = await site.Http.PutAsync("/api/sites/shop/alert-rules", Body("{\"poor_signal_minutes\":0}"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("poor_signal_minutes 0: 1 to 1440", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.True((await site.Http.PutAsync("/api/tenants/trattoria/alert-rules", Body("{\"link_down_seconds\":120,\"off\":[\"vrrp_master\"]}"))).IsSuccessStatusCode);
        Assert.True((await site.Http.PutAsync("/api/sites/shop/alert-rules", Body("{\"poor_signal_minutes\":3}"))).IsSuccessStatusCode);
        using (JsonDocument rules = JsonDocument.Parse(await site.Http.GetStringAsync("/api/sites/shop/alert-rules")))
        {
            JsonElement inForce = rules.RootElement.GetProperty("in_force");
            Assert.Equal((120, 3, "vrrp_master"), (inForce.GetProperty("link_down_seconds").GetInt32(), inForce.GetProperty("poor_signal_minutes").GetInt32(), inForce.GetProperty("off")[0].GetString()));
        }

        // {} takes the site's change back: the defaults show through again.
        Assert.True((await site.Http.PutAsync("/api/sites/shop/alert-rules", Body("{}"))).IsSuccessStatusCode);
        using JsonDocument after = JsonDocument.Parse(await site.Http.GetStringAsync("/api/sites/shop/alert-rules"));
        Assert.Equal("{}", after.RootElement.GetProperty("own").GetRawText());
        Assert.Equal(10, after.RootElement.GetProperty("in_force").GetProperty("poor_signal_minutes").GetInt32());
    }

    [Fact]
    public async Task Nothing_is_sent_inside_a_maintenance_window()
    {
        using MailCatcher mail = new(LocalPorts.Free());
        await using Site site = await Site.StartAsync(mail.Port);
        site.Host.Store.AddChannel(new AlertChannel(0, "", "email", "ops@integrator.example", "", false));
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        HttpResponseMessage window = await site.Http.PostAsync("/api/sites/shop/maintenance", new StringContent($"{{\"from\":{now - 1000},\"to\":{now + 3_600_000},\"note\":\"fiber works\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, window.StatusCode);

        await site.LinksAsync(fiber: false, lte: false);
        await Task.Delay(3000);
        Assert.Empty(mail.Messages);
        Assert.Contains(site.Host.Store.Incidents(true, 0), i => i.Rule == AlertRules.SiteDown);
    }

    [Fact]
    public async Task With_two_instances_on_one_postgres_each_alert_is_sent_once()
    {
        using MailCatcher mail = new(LocalPorts.Free());
        using PostgresServer postgres = new();
        string database = postgres.CreateDatabase("alerts");
        await using Site site = await Site.StartAsync(mail.Port, database: database);
        await using AggregatorHost other = new(Site.Options(mail.Port, database, 900), TextWriter.Null);
        await other.StartAsync();
        site.Host.Store.AddChannel(new AlertChannel(0, "", "email", "ops@integrator.example", "", false));

        await site.LinksAsync(fiber: false, lte: false);
        await Eventually.HoldsAsync(() => mail.Messages.Count >= 1, 10_000);
        await Task.Delay(3000);
        Assert.Single(mail.Messages);
    }

    [Fact]
    public async Task An_alert_raised_while_mail_is_down_survives_a_kill_9_and_arrives_exactly_once()
    {
        int smtpPort = LocalPorts.Free(), mqttPort = LocalPorts.Free(), httpPort = LocalPorts.Free();
        string data = Directory.CreateTempSubdirectory("nfbond-alert-kill").FullName;
        File.WriteAllText(Path.Combine(data, "appsettings.json"),
            $"{{\"Aggregator\":{{\"Alerts\":{{\"SmtpHost\":\"127.0.0.1\",\"SmtpPort\":{smtpPort},\"SmtpSecurity\":\"none\",\"TickMs\":100,\"FlapSeconds\":1,\"LinkDownSeconds\":1}}}}}}");
        string password;
        using (IFleetStore store = FleetStores.Open(new AggregatorOptions { DataDirectory = data }))
        {
            password = new DeviceRegistry(store).Add("shop", "shop-ctl").Password;
            store.AddChannel(new AlertChannel(0, "", "email", "ops@integrator.example", "", false));
        }

        using (Process first = StartAggregator(data, mqttPort, httpPort))
        {
            using IMqttClient device = await Site.ConnectAsync(mqttPort, password);
            await Site.PublishAsync(device, "status", "{\"ts\":" + Site.Now() + ",\"state\":\"online\"}");
            await Site.PublishAsync(device, "state", Site.State(false, false));
            await Eventually.HoldsAsync(() => Outbox(data).Any(o => o.LastError.Length > 0), 15_000);
            Assert.Contains(Outbox(data), o => o.Attempts >= 1 && o.SentAt == 0 && o.LastError.Length > 0);
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }

        using MailCatcher mail = new(smtpPort);
        using (Process second = StartAggregator(data, mqttPort, httpPort))
        {
            await Eventually.HoldsAsync(() => mail.Messages.Count >= 1, 60_000);
            await Task.Delay(2000);
            second.Kill(entireProcessTree: true);
            second.WaitForExit();
        }

        Assert.Equal(["[nf-bond] shop: site down open"], mail.Messages.Select(m => m.Subject));
        Assert.All(Outbox(data), o => Assert.True(o.SentAt > 0));
    }

    private static string Diagnose(AggregatorHost host, MailCatcher mail) =>
        "mail: " + string.Join("; ", mail.Messages.Select(m => m.Subject)) + "\nincidents: " + string.Join("; ", host.Store.Incidents(false, 0)) + "\noutbox: " + string.Join("; ", host.Store.Outbox());

    private static IReadOnlyList<OutboxItem> Outbox(string data)
    {
        using IFleetStore store = FleetStores.Open(new AggregatorOptions { DataDirectory = data });
        return store.Outbox();
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static Process StartAggregator(string data, int mqttPort, int httpPort)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "nfbond.dll"), "aggregator", "--data", data, "--mqtt-port", mqttPort.ToString(), "--http-port", httpPort.ToString() })
        {
            start.ArgumentList.Add(a);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Assert.True(LocalPorts.WaitListening(mqttPort, 30_000), "the aggregator did not start");
        return process;
    }

    /// <summary>An aggregator with fast alert timings and one controller "shop-ctl" of site "shop" connected over MQTT.</summary>
    private sealed class Site : IAsyncDisposable
    {
        private int _seq;

        private Site(AggregatorHost host, IMqttClient device)
        {
            Host = host;
            Device = device;
            Http = RunningAggregator.ApiClient(host);
        }

        public AggregatorHost Host { get; }

        public IMqttClient Device { get; }

        public HttpClient Http { get; }

        public static AggregatorOptions Options(int smtpPort, string? database, int escalateSeconds) => new()
        {
            MqttPort = LocalPorts.Free(),
            HttpPort = LocalPorts.Free(),
            DataDirectory = Directory.CreateTempSubdirectory("nfbond-alerts").FullName,
            Storage = database == null ? "sqlite" : "postgres",
            PostgresConnectionString = database ?? "",
            Alerts = new AlertOptions { LinkDownSeconds = 1, FlapSeconds = 1, EscalateSeconds = escalateSeconds, RenotifySeconds = 0, TickMs = 100, SmtpHost = "127.0.0.1", SmtpPort = smtpPort, SmtpSecurity = "none" },
        };

        public static async Task<Site> StartAsync(int smtpPort, int escalateSeconds = 900, string? database = null)
        {
            AggregatorHost host = new(Options(smtpPort, database, escalateSeconds), TextWriter.Null);
            await host.StartAsync();
            (string password, _) = host.Registry.Add("shop", "shop-ctl");
            IMqttClient device = await ConnectAsync(host.Options.MqttPort, password);
            Site site = new(host, device);
            await PublishAsync(device, "status", "{\"ts\":" + Now() + ",\"state\":\"online\"}");
            await PublishAsync(device, "state", State(true, true));
            return site;
        }

        public async Task LinksAsync(bool fiber, bool lte)
        {
            await PublishAsync(Device, "events", "{\"seq\":" + ++_seq + ",\"ts\":" + Now() + ",\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"" + (fiber ? "up" : "down") + "\",\"cause\":\"test\"}");
            await PublishAsync(Device, "events", "{\"seq\":" + ++_seq + ",\"ts\":" + Now() + ",\"kind\":\"link_state\",\"link\":\"lte\",\"state\":\"" + (lte ? "up" : "down") + "\",\"cause\":\"test\"}");
            await PublishAsync(Device, "events", "{\"seq\":" + ++_seq + ",\"ts\":" + Now() + ",\"kind\":\"failover\",\"version\":" + _seq + ",\"weights\":{\"fiber\":" + (fiber ? 1000 : 0) + ",\"lte\":" + (fiber ? 0 : 1000) + "},\"reason\":\"test\"}");
            await PublishAsync(Device, "state", State(fiber, lte));
        }

        // What the broker publishes from the controller's Last Will when its connection ends without a goodbye.
        public async Task OfflineAsync() => await PublishAsync(Device, "status", "{\"ts\":" + Now() + ",\"state\":\"offline\"}");

        public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public static string State(bool fiber, bool lte) => "{\"ts\":" + Now() + ",\"next_seq\":1,\"links\":["
            + Link("fiber", "primary", fiber) + "," + Link("lte", "backup", lte) + "],\"plan\":{\"version\":1,\"reason\":\"test\"},\"modems\":[]}";

        public static async Task<IMqttClient> ConnectAsync(int port, string password)
        {
            IMqttClient client = new MqttClientFactory().CreateMqttClient();
            MqttClientConnectResult result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("shop-ctl").WithCredentials("shop-ctl", password)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            return client;
        }

        public static async Task PublishAsync(IMqttClient client, string kind, string payload)
        {
            MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("nfbond/v1/shop/shop-ctl/" + kind)
                .WithPayload(Encoding.UTF8.GetBytes(payload)).WithRetainFlag(kind != "events").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(result.IsSuccess, $"{kind}: {result.ReasonCode} {result.ReasonString}");
        }

        public async ValueTask DisposeAsync()
        {
            Device.Dispose();
            Http.Dispose();
            await Host.DisposeAsync();
        }

        private static string Link(string name, string role, bool up) => "{\"name\":\"" + name + "\",\"type\":\"fiber\",\"role\":\"" + role + "\",\"modem\":\"\",\"state\":\"" + (up ? "up" : "down")
            + "\",\"usable\":" + (up ? "true" : "false") + ",\"weight\":" + (up && role == "primary" ? 1000 : 0) + ",\"loss_permille\":0,\"latency_us\":9000,\"jitter_us\":500,\"used_bytes\":0,\"cap_bytes\":0}";
    }

    /// <summary>An HTTP endpoint on loopback that records each webhook body and its signature header.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly WebApplication _app;
        private readonly List<(string Body, string Signature)> _received = [];

        private WebhookReceiver(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public IReadOnlyList<(string Body, string Signature)> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public static async Task<WebhookReceiver> StartAsync()
        {
            int port = LocalPorts.Free();
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            WebApplication app = builder.Build();
            WebhookReceiver receiver = new(app, $"http://127.0.0.1:{port}/hook");
            app.MapPost("/hook", async (HttpContext context) =>
            {
                string body = await new StreamReader(context.Request.Body).ReadToEndAsync();
                lock (receiver._received)
                {
                    receiver._received.Add((body, context.Request.Headers[AlertSender.SignatureHeader].ToString()));
                }

                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public void Dispose() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
