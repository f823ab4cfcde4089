using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;
using NfBond.Aggregator.Ingest;

namespace NfBond.Aggregator.Broker;

/// <summary>
/// The aggregator as a client of an external broker (mosquitto, EMQX, HiveMQ...): it subscribes to the
/// fleet's telemetry with MQTT 5 shared subscriptions (<c>$share/{group}/nfbond/v1/+/+/events</c> and
/// the other kinds), so every instance in the group receives a share of the messages and each message
/// reaches one instance. The broker authenticates the controllers and its ACL binds each to its topics;
/// here each message is checked against the contract and the registry, and acknowledged only after its
/// commit, so a message on its way to a crashed instance is redelivered from the broker's session.
/// </summary>
public sealed class ExternalBroker : IFleetBroker
{
    private static readonly string[] s_kinds = ["birth", "status", "state", "events", "cmd/res"];
    private readonly MqttClientFactory _factory = new();
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly MessageIntake _intake;
    private readonly string _group;
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _log;
    private readonly SemaphoreSlim _lost = new(0);
    private Task _supervisor = Task.CompletedTask;
    private int _redelivering;
    private int _inFlight;

    /// <summary>Prepares the client; it connects in <see cref="StartAsync"/>.</summary>
    /// <param name="options">Broker address, group, instance ID.</param>
    /// <param name="intake">Where telemetry goes.</param>
    /// <param name="log">Where connection trouble is reported.</param>
    public ExternalBroker(AggregatorOptions options, MessageIntake intake, TextWriter log)
    {
        _intake = intake;
        _group = options.SharedGroup;
        _log = log;
        Uri uri = new(options.Broker);
        string[] userInfo = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "mqtts" ? 8883 : 1883) : uri.Port)
            .WithClientId(options.InstanceId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10))
            // A session that outlives a restart: what was on its way to this instance is redelivered.
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithReceiveMaximum(ushort.MaxValue);
        if (userInfo[0].Length > 0)
        {
            builder.WithCredentials(userInfo[0], userInfo.Length > 1 ? userInfo[1] : "");
        }

        if (uri.Scheme == "mqtts")
        {
            NfBond.Hal.Linux.BrokerCertificateCheck? check = options.BrokerCaFile.Length > 0 ? new(File.ReadAllText(options.BrokerCaFile)) : null;
            builder.WithTlsOptions(o =>
            {
                o.UseTls();
                check?.ApplyTo(o, failure =>
                {
                    if (failure != null)
                    {
                        _log.WriteLine("aggregator: " + failure);
                    }
                });
            });
        }

        _clientOptions = builder.Build();
        _client = _factory.CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessage;
        _client.DisconnectedAsync += e =>
        {
            if (!_stop.IsCancellationRequested)
            {
                _log.WriteLine($"aggregator: disconnected from the broker ({e.Reason}); reconnecting");
                _lost.Release();
            }

            return Task.CompletedTask;
        };
    }

    /// <inheritdoc/>
    public async Task StartAsync()
    {
        await ConnectAsync(CancellationToken.None);
        _supervisor = SuperviseAsync();
    }

    /// <inheritdoc/>
    public Task PublishAsync(string topic, byte[] payload) => _client.PublishAsync(
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), _stop.Token);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _supervisor;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting to reconnect.
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        // Messages taken before the disconnect finish storing before the pipeline and the store close
        // behind this broker; one not stored in time stays unacknowledged, so the broker sends it again.
        for (int waited = 0; Interlocked.CompareExchange(ref _inFlight, 0, 0) > 0 && waited < 10_000; waited += 10)
        {
            await Task.Delay(10);
        }

        _client.Dispose();
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancel)
    {
        MqttClientConnectResult result = await _client.ConnectAsync(_clientOptions, cancel);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"broker refused the aggregator: {result.ResultCode} {result.ReasonString}");
        }

        MqttClientSubscribeOptionsBuilder subscribe = _factory.CreateSubscribeOptionsBuilder();
        foreach (string kind in s_kinds)
        {
            subscribe.WithTopicFilter(f => f.WithTopic($"$share/{_group}/nfbond/v1/+/+/{kind}").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        MqttClientSubscribeResult subscribed = await _client.SubscribeAsync(subscribe.Build(), cancel);
        foreach (MqttClientSubscribeResultItem item in subscribed.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                throw new InvalidOperationException($"broker refused the subscription {item.TopicFilter.Topic}: {item.ResultCode} (does it support MQTT 5 shared subscriptions, and may this user read nfbond/v1/#?)");
            }
        }
    }

    /// <summary>
    /// One loop owns reconnection: every disconnection is signalled, and the loop reconnects until the
    /// client is connected, however often the connection drops meanwhile (a failed store drops it on
    /// purpose, possibly while a reconnection is still subscribing).
    /// </summary>
    private async Task SuperviseAsync()
    {
        while (true)
        {
            await _lost.WaitAsync(_stop.Token);
            while (_lost.CurrentCount > 0)
            {
                _lost.Wait(0);
            }

            TimeSpan wait = TimeSpan.FromSeconds(1);
            while (!_client.IsConnected)
            {
                await Task.Delay(wait, _stop.Token);
                try
                {
                    Interlocked.Exchange(ref _redelivering, 0);
                    await ConnectAsync(_stop.Token);
                    _log.WriteLine("aggregator: broker reconnected");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    wait = TimeSpan.FromSeconds(Math.Min(30, wait.TotalSeconds * 2));
                    _log.WriteLine($"aggregator: broker still unreachable ({ex.Message}); next try in {wait.TotalSeconds:0} s");
                    if (_client.IsConnected)
                    {
                        // Connected but not subscribed (refused): start over rather than sit there deaf.
                        await _client.DisconnectAsync();
                    }
                }
            }
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged after the commit, without holding up the next message: batches fill while one commits.
        e.AutoAcknowledge = false;
        byte[] payload = e.ApplicationMessage.Payload.ToArray();
        Interlocked.Increment(ref _inFlight);
        _ = AcknowledgeAfterCommitAsync(e, e.ApplicationMessage.Topic, payload);
        return Task.CompletedTask;
    }

    private async Task AcknowledgeAfterCommitAsync(MqttApplicationMessageReceivedEventArgs e, string topic, byte[] payload)
    {
        try
        {
            await StoreAndAcknowledgeAsync(e, topic, payload);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task StoreAndAcknowledgeAsync(MqttApplicationMessageReceivedEventArgs e, string topic, byte[] payload)
    {
        try
        {
            if (topic.EndsWith("/cmd/res", StringComparison.Ordinal))
            {
                _intake.AcceptAnswer(topic, payload);
            }
            else
            {
                await _intake.AcceptAsync(topic, payload, null);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not committed, so not acknowledged. MQTT redelivers only on a new connection: reconnecting
            // resumes the session and the broker sends every unacknowledged message again.
            if (Interlocked.Exchange(ref _redelivering, 1) == 0)
            {
                _log.WriteLine($"aggregator: storing a message from {topic} failed ({ex.Message}); reconnecting so the broker redelivers what is unacknowledged");
                try
                {
                    await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.UnspecifiedError).Build());
                }
                catch (Exception gone) when (gone is MQTTnet.Exceptions.MqttCommunicationException or ObjectDisposedException or InvalidOperationException)
                {
                    // Already disconnected: the reconnection is under way.
                }
            }

            return;
        }

        try
        {
            await e.AcknowledgeAsync(_stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or ObjectDisposedException)
        {
            // The connection went after the commit: the broker redelivers and the store drops the duplicate.
        }
    }
}
