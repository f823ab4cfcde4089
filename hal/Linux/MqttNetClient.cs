using System;
using System.Buffers;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Device = NfBond.Hal;

namespace NfBond.Hal.Linux;

/// <summary>
/// The device MQTT client on MQTTnet 5: MQTT 3.1.1 or 5, TLS, user name and password, Last Will.
/// MQTTnet's tasks complete on the thread pool; outcomes go out through the contract's events.
/// Subscribes and publishes run one at a time in call order (each waits for its acknowledgement), so
/// QoS 1 events reach the broker in sequence and a subscription made before a publish is in place when
/// the broker handles that publish.
/// </summary>
public sealed class MqttNetClient : Device.IMqttClient, IDisposable
{
    private readonly MqttClientFactory _factory = new();
    private readonly MQTTnet.IMqttClient _client;
    private string? _tlsFailure;
    private readonly Channel<Func<Task>> _operations = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Creates a disconnected client.</summary>
    public MqttNetClient()
    {
        _client = _factory.CreateMqttClient();
        _ = Task.Run(RunOperationsAsync);
        _client.DisconnectedAsync += e =>
        {
            // MQTTnet also reports a failed connect here; ConnectAsync's own catch covers that case.
            if (e.ClientWasConnected)
            {
                ConnectionChanged?.Invoke(false, e.ReasonString ?? e.Exception?.Message ?? e.Reason.ToString());
            }

            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += e =>
        {
            MessageReceived?.Invoke(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
    }

    /// <inheritdoc/>
    public event MqttConnectionHandler? ConnectionChanged;

    /// <inheritdoc/>
    public event MqttMessageHandler? MessageReceived;

    /// <inheritdoc/>
    public event MqttPublishedHandler? Published;

    /// <inheritdoc/>
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc/>
    public void Connect(MqttConnectOptions options)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(options.ClientId)
            .WithProtocolVersion(options.ProtocolVersion == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithCleanSession(true);
        if (options.Username != null)
        {
            builder.WithCredentials(options.Username, options.Password ?? "");
        }

        _tlsFailure = null;
        if (options.UseTls)
        {
            BrokerCertificateCheck? check;
            try
            {
                check = options.CaCertificate.Length > 0 ? new BrokerCertificateCheck(options.CaCertificate) : null;
            }
            catch (ArgumentException ex)
            {
                ConnectionChanged?.Invoke(false, ex.Message);
                return;
            }

            builder.WithTlsOptions(o =>
            {
                o.UseTls();
                check?.ApplyTo(o, failure => _tlsFailure = failure);
            });
        }

        if (options.WillTopic != null)
        {
            builder.WithWillTopic(options.WillTopic).WithWillPayload(options.WillPayload).WithWillRetain(options.WillRetain)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        MqttClientOptions built = builder.Build();
        _ = Task.Run(async () =>
        {
            try
            {
                MqttClientConnectResult result = await _client.ConnectAsync(built, CancellationToken.None);
                bool ok = result.ResultCode == MqttClientConnectResultCode.Success;
                ConnectionChanged?.Invoke(ok, ok ? "" : "broker refused: " + result.ResultCode + (result.ReasonString is { Length: > 0 } r ? " (" + r + ")" : ""));
            }
            catch (Exception ex)
            {
                ConnectionChanged?.Invoke(false, _tlsFailure ?? ex.InnerException?.Message ?? ex.Message);
            }
        });
    }

    /// <inheritdoc/>
    public void Disconnect()
    {
        try
        {
            _client.DisconnectAsync().Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc/>
    public void Subscribe(string topic)
    {
        MqttClientSubscribeOptions options = _factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        _operations.Writer.TryWrite(async () =>
        {
            try
            {
                await _client.SubscribeAsync(options, CancellationToken.None);
            }
            catch (Exception ex)
            {
                ConnectionChanged?.Invoke(false, "subscribe to " + topic + " failed: " + ex.Message);
            }
        });
    }

    /// <inheritdoc/>
    public void Publish(string topic, byte[] payload, int length, int qos, bool retain, long token)
    {
        byte[] copy = payload.AsSpan(0, length).ToArray();
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(copy)
            .WithQualityOfServiceLevel(qos == 0 ? MqttQualityOfServiceLevel.AtMostOnce : MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        _operations.Writer.TryWrite(async () =>
        {
            try
            {
                MqttClientPublishResult result = await _client.PublishAsync(message, CancellationToken.None);
                Published?.Invoke(token, result.IsSuccess, result.IsSuccess ? "" : result.ReasonCode + " " + result.ReasonString);
            }
            catch (Exception ex)
            {
                Published?.Invoke(token, false, ex.Message);
            }
        });
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _operations.Writer.TryComplete();
        _client.Dispose();
    }

    private async Task RunOperationsAsync()
    {
        // Each operation reports its own failure; the loop only keeps them in order.
        await foreach (Func<Task> operation in _operations.Reader.ReadAllAsync())
        {
            await operation();
        }
    }
}
