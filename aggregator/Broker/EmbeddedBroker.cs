using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Ingest;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Broker;

/// <summary>
/// The default broker, inside the aggregator (MQTTnet.Server): controllers log in with the credentials
/// from <c>nfbond aggregator device add</c> and their client ID must be their device ID; a controller may
/// publish only its own telemetry and subscribe only to its own command topic. Every accepted telemetry
/// message is ingested straight from the publish path, with no internal subscriber in between.
/// </summary>
public sealed class EmbeddedBroker : IFleetBroker
{
    private const string DeviceKey = "nfbond.device";

    // A publish carries its topic and properties besides the message; ours are well under 1 KB.
    private const int TopicAllowance = 1024;
    private readonly MqttServer _server;
    private readonly DeviceRegistry _registry;
    private readonly MessageIntake _intake;
    private readonly bool _allowAnonymous;
    private long _framesRefused;
    private long _revoked;
    private readonly TimeSpan _credentialCheck;
    private readonly CancellationTokenSource _stop = new();
    private Task? _checking;

    /// <summary>Creates the broker; it listens once <see cref="StartAsync"/> ran.</summary>
    /// <param name="options">Ports, address, limits.</param>
    /// <param name="registry">Device credentials.</param>
    /// <param name="intake">Where telemetry goes.</param>
    /// <param name="log">Where connections closed by a framing limit are reported.</param>
    /// <param name="certificate">The server certificate for the TLS listener, or null when there is none.</param>
    public EmbeddedBroker(AggregatorOptions options, DeviceRegistry registry, MessageIntake intake, TextWriter log, X509Certificate2? certificate)
    {
        _registry = registry;
        _intake = intake;
        _allowAnonymous = options.AllowAnonymous;
        _credentialCheck = TimeSpan.FromSeconds(options.CredentialCheckSeconds);
        // Listeners on the configured address only (MQTTnet's default endpoint also opens [::]) that frame
        // connections themselves: packet sizes are checked before MQTTnet allocates a packet (F1). Plain
        // MQTT off loopback only when AllowPlaintext says so; TLS with the server certificate.
        IPAddress address = IPAddress.Parse(options.ListenAddress);
        List<IMqttServerAdapter> listeners = [];
        if (options.ServesPlaintext())
        {
            listeners.Add(Listener(options, new IPEndPoint(address, options.MqttPort), log, null));
        }

        if (options.EffectiveMqttTlsPort() > 0 && certificate != null)
        {
            listeners.Add(Listener(options, new IPEndPoint(address, options.EffectiveMqttTlsPort()), log, certificate));
        }

        MqttServerOptions serverOptions = new MqttServerOptionsBuilder().WithoutDefaultEndpoint().Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, listeners);
        _server.ValidatingConnectionAsync += ValidateConnection;
        _server.InterceptingPublishAsync += InterceptPublish;
        _server.InterceptingSubscriptionAsync += InterceptSubscription;
    }

    private GuardedTcpServerAdapter Listener(AggregatorOptions options, IPEndPoint endpoint, TextWriter log, X509Certificate2? certificate) => new(
        endpoint,
        options.MaxConnectBytes,
        options.MaxMessageBytes + TopicAllowance,
        TimeSpan.FromSeconds(options.LoginDeadlineSeconds),
        why =>
        {
            Interlocked.Increment(ref _framesRefused);
            lock (log)
            {
                log.WriteLine("mqtt: closed " + why);
            }
        },
        certificate);

    /// <summary>Gets how many connections were closed for breaking a framing limit or the login deadline.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _framesRefused);

    /// <summary>Gets how many sessions were closed because their controller was re-provisioned or removed.</summary>
    public long SessionsRevoked => Interlocked.Read(ref _revoked);

    /// <inheritdoc/>
    public async Task StartAsync()
    {
        await _server.StartAsync();
        _checking = CheckCredentialsAsync();
    }

    /// <inheritdoc/>
    public Task PublishAsync(string topic, byte[] payload) => _server.InjectApplicationMessage(
        new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())
        {
            SenderClientId = FleetIds.AggregatorClientId,
        });

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_checking != null)
        {
            await _checking;
        }

        _stop.Dispose();
        await _server.StopAsync();
        _server.Dispose();
    }

    private static DeviceRecord? DeviceOf(System.Collections.IDictionary items) => items.Contains(DeviceKey) ? items[DeviceKey] as DeviceRecord : null;

    // A login is checked once, at CONNECT: `device add` run again (new password) or a removed device must
    // not leave the old session publishing, so sessions are compared with the stored record periodically.
    private async Task CheckCredentialsAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_credentialCheck, _stop.Token);
                foreach (MqttClientStatus client in await _server.GetClientsAsync())
                {
                    if (DeviceOf(client.Session.Items) is DeviceRecord logged && _registry.FindStored(logged.Device) is var stored
                        && (stored == null || stored.PasswordHash != logged.PasswordHash || stored.Site != logged.Site))
                    {
                        Interlocked.Increment(ref _revoked);
                        await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized, ReasonString = "re-provisioned: log in with the new credentials" });
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                // The store is briefly unavailable: the next round checks again.
            }
        }
    }

    private Task ValidateConnection(ValidatingConnectionEventArgs e)
    {
        // A client may never take the aggregator's own name (its publishes skip the topic rules) or a wildcard.
        if (FleetIds.Check("client", e.ClientId) != null)
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(e.UserName))
        {
            if (!_allowAnonymous)
            {
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        }

        DeviceRecord? device = _registry.Authenticate(e.UserName, e.Password ?? "");
        if (device == null || e.ClientId != device.Device)
        {
            e.ReasonCode = device == null ? MqttConnectReasonCode.BadUserNameOrPassword : MqttConnectReasonCode.ClientIdentifierNotValid;
            return Task.CompletedTask;
        }

        e.SessionItems[DeviceKey] = device;
        return Task.CompletedTask;
    }

    private async Task InterceptPublish(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == FleetIds.AggregatorClientId)
        {
            return;
        }

        DeviceRecord? device = DeviceOf(e.SessionItems);
        string topic = e.ApplicationMessage.Topic;
        if (device != null && topic == $"nfbond/v1/{device.Site}/{device.Device}/cmd/res")
        {
            RejectReason? refused = _intake.CheckResponse((int)e.ApplicationMessage.Payload.Length, e.ApplicationMessage.Retain);
            if (refused != null)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = refused == RejectReason.Oversized ? MqttPubAckReasonCode.PayloadFormatInvalid : MqttPubAckReasonCode.NotAuthorized;
                e.Response.ReasonString = refused == RejectReason.Oversized ? "Oversized" : "cmd/res is never retained";
            }
            else
            {
                _intake.AcceptAnswer(topic, e.ApplicationMessage.Payload.ToArray());
            }

            return;
        }

        // The PUBACK waits for the commit: what a device was told is delivered survives a crash.
        try
        {
            RejectReason? reason = await _intake.AcceptAsync(topic, e.ApplicationMessage.Payload.ToArray(), device);
            if (reason != null)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = reason == RejectReason.Unauthorised ? MqttPubAckReasonCode.NotAuthorized : MqttPubAckReasonCode.PayloadFormatInvalid;
                e.Response.ReasonString = reason.ToString();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            e.Response.ReasonString = "storage failed: " + ex.Message;
        }
    }

    private Task InterceptSubscription(InterceptingSubscriptionEventArgs e)
    {
        if (DeviceOf(e.SessionItems) is DeviceRecord device && e.TopicFilter.Topic != $"nfbond/v1/{device.Site}/{device.Device}/cmd")
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        }

        return Task.CompletedTask;
    }
}
