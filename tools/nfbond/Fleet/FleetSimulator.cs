using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace NfBond.Cli.Fleet;

/// <summary>
/// Many simulated controllers speaking the nfbond/v1 contract over MQTT (one connection each): birth and
/// status on connect, then an event every interval (or as fast as acknowledgements allow, with several
/// in flight) and a state snapshot every tenth message. For load tests of an aggregator or a broker.
/// </summary>
public sealed class FleetSimulator : IAsyncDisposable
{
    private readonly List<MQTTnet.IMqttClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _sent;
    private long _failed;

    /// <summary>Gets the sequence number of each device's first event (a second run against the same store continues above the first).</summary>
    public long FirstSeq { get; init; } = 1;

    /// <summary>Gets how many devices are connected.</summary>
    public int Connected => _clients.Count(c => c.IsConnected);

    /// <summary>Gets how many messages the broker acknowledged.</summary>
    public long Acknowledged => Interlocked.Read(ref _sent);

    /// <summary>Gets how many publishes failed or were refused.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Gets the site of the <paramref name="index"/>th device (from 1).</summary>
    /// <param name="site">The site, or the prefix of the site IDs.</param>
    /// <param name="perSite">Controllers per site, or 0 for one site.</param>
    /// <param name="index">The device's number.</param>
    /// <returns>The site ID.</returns>
    public static string SiteOf(string site, int perSite, int index) => perSite <= 0 ? site : $"{site}-{((index - 1) / perSite) + 1:D4}";

    /// <summary>Connects the devices and starts publishing.</summary>
    /// <param name="host">Broker host.</param>
    /// <param name="port">Broker port.</param>
    /// <param name="site">Site ID of every device, or the prefix of the site IDs (see <paramref name="perSite"/>).</param>
    /// <param name="devices">How many devices ("sim-00001", ...).</param>
    /// <param name="perSite">Controllers per site ("site-0001", ...), or 0 for one site of them all.</param>
    /// <param name="intervalMs">Time between a device's messages; 0 for as fast as acknowledgements allow.</param>
    /// <param name="inFlight">Publishes in flight per device when the interval is 0.</param>
    /// <param name="password">Password for a device ID, or null to connect anonymously.</param>
    /// <returns>Completes when every device is connected.</returns>
    public async Task StartAsync(string host, int port, string site, int devices, int perSite, int intervalMs, int inFlight, Func<string, string?> password)
    {
        MqttClientFactory factory = new();
        SemaphoreSlim connecting = new(64);
        List<Task> connects = [];
        for (int i = 1; i <= devices; i++)
        {
            string device = $"sim-{i:D5}";
            string siteId = SiteOf(site, perSite, i);
            MQTTnet.IMqttClient client = factory.CreateMqttClient();
            _clients.Add(client);
            MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(device).WithTimeout(TimeSpan.FromSeconds(30));
            string? secret = password(device);
            if (secret != null)
            {
                builder.WithCredentials(device, secret);
            }

            MqttClientOptions options = builder.Build();
            connects.Add(Task.Run(async () =>
            {
                await connecting.WaitAsync();
                try
                {
                    await client.ConnectAsync(options, _stop.Token);
                }
                finally
                {
                    connecting.Release();
                }

                string root = $"nfbond/v1/{siteId}/{device}";
                await Publish(client, root + "/birth", $"{{\"protocol\":\"nfbond/v1\",\"device\":\"{device}\",\"site\":\"{siteId}\",\"firmware\":\"sim\",\"next_seq\":1,\"ts\":{Now()}}}", true);
                await Publish(client, root + "/status", $"{{\"state\":\"online\",\"ts\":{Now()}}}", true);
                for (int lane = 0; lane < (intervalMs == 0 ? inFlight : 1); lane++)
                {
                    int start = lane;
                    _loops.Add(Task.Run(() => DeviceLoop(client, options, root, start, intervalMs == 0 ? inFlight : 1, intervalMs)));
                }
            }));
        }

        await Task.WhenAll(connects);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        foreach (MQTTnet.IMqttClient client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task DeviceLoop(MQTTnet.IMqttClient client, MqttClientOptions options, string root, int lane, int lanes, int intervalMs)
    {
        // Lanes share the sequence space: lane k sends k+1, k+1+lanes, ... so seq stays unique per device.
        long seq = FirstSeq + lane;
        while (!_stop.IsCancellationRequested)
        {
            bool state = seq % 10 == 0;
            string payload = state
                ? $"{{\"ts\":{Now()},\"next_seq\":{seq},\"links\":[{{\"name\":\"fiber\",\"state\":\"up\",\"weight\":1000}},{{\"name\":\"lte\",\"state\":\"up\",\"weight\":0}}]}}"
                : $"{{\"seq\":{seq},\"ts\":{Now()},\"kind\":\"link_state\",\"link\":\"fiber\",\"state\":\"up\",\"cause\":\"simulated\"}}";
            try
            {
                await Publish(client, root + (state ? "/state" : "/events"), payload, state);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                // The broker went away: count it, wait, reconnect and send the same event again, as a controller does.
                Interlocked.Increment(ref _failed);
                if (!await ReconnectAsync(client, options))
                {
                    return;
                }

                continue;
            }

            seq += lanes;
            if (intervalMs > 0)
            {
                try
                {
                    await Task.Delay(intervalMs, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<bool> ReconnectAsync(MQTTnet.IMqttClient client, MqttClientOptions options)
    {
        try
        {
            await Task.Delay(1000, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (!client.IsConnected)
            {
                await client.ConnectAsync(options, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            // Still unreachable, or another lane of this device is connecting: the next publish tells.
        }

        return !_stop.IsCancellationRequested;
    }

    private async Task Publish(MQTTnet.IMqttClient client, string topic, string payload, bool retain)
    {
        MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(), _stop.Token);
        Interlocked.Increment(ref result.IsSuccess ? ref _sent : ref _failed);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
