using NfBond.Firmware.Runtime;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.Telemetry;

/// <summary>
/// The device's link to the fleet: connects with a retained "offline" Last Will, announces itself with
/// a retained birth and "online" status, publishes the state snapshot periodically (retained), sends
/// sequence-numbered events in order at QoS 1 from the <see cref="Outbox"/> (one in flight, removed only
/// when the broker acknowledged it), answers signed commands, and reconnects with back-off. Everything
/// runs on the event loop; the client's callbacks are queued to it.
/// </summary>
public sealed class TelemetryAgent
{
    private const int StatusToken = -1;
    private const int AckSlots = 64;

    private readonly EventLoop _loop;
    private readonly IMqttClient _client;
    private readonly IWallClock _clock;
    private readonly TelemetryOptions _options;
    private readonly TelemetryTopics _topics;
    private readonly CommandVerifier _verifier;
    private readonly JsonWriter _writer = new JsonWriter(512);
    private readonly JsonWriter _state = new JsonWriter(1024);
    private readonly LoopTimer _stateTimer;
    private readonly LoopTimer _reconnect;
    private readonly LoopAction _drainAcks;
    private readonly object _ackLock = new object();
    private readonly long[] _ackTokens = new long[AckSlots];
    private readonly bool[] _ackDelivered = new bool[AckSlots];
    private int _ackHead;
    private int _ackCount;
    private bool _inFlight;
    private long _inFlightSeq;
    private int _backoffMs;
    private bool _running;

    /// <summary>Creates the agent; nothing connects until <see cref="Start"/>.</summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="client">The MQTT client.</param>
    /// <param name="clock">The wall clock (timestamps, replay window).</param>
    /// <param name="hmac">HMAC-SHA256 for command signatures.</param>
    /// <param name="options">Identity, broker, limits.</param>
    public TelemetryAgent(EventLoop loop, IMqttClient client, IWallClock clock, IHmac hmac, TelemetryOptions options)
    {
        _loop = loop;
        _client = client;
        _clock = clock;
        _options = options;
        _topics = new TelemetryTopics(options.Site, options.Device);
        _verifier = new CommandVerifier(hmac, options.Secret, options.Device, options.CommandWindowMs);
        Outbox = new Outbox(options.MaxQueuedEvents, options.MaxQueuedBytes);
        _stateTimer = new LoopTimer(loop, OnStateTimer);
        _reconnect = new LoopTimer(loop, OnReconnectTimer);
        _drainAcks = DrainAcks;
        _backoffMs = options.ReconnectMinMs;
        client.ConnectionChanged += OnConnectionChanged;
        client.MessageReceived += OnMessage;
        client.Published += OnPublished;
    }

    /// <summary>Gets the topics of this device.</summary>
    public TelemetryTopics Topics => _topics;

    /// <summary>Gets the events waiting for the broker.</summary>
    public Outbox Outbox { get; }

    /// <summary>Gets the sequence number the next event will carry.</summary>
    public long NextSeq { get; private set; } = 1;

    /// <summary>Gets whether the broker connection is up.</summary>
    public bool IsConnected { get; private set; }

    /// <summary>Gets how many events the broker acknowledged.</summary>
    public long EventsDelivered { get; private set; }

    /// <summary>Gets how many commands were rejected.</summary>
    public long CommandsRejected { get; private set; }

    /// <summary>Gets the reason of the last connection failure, or "".</summary>
    public string LastConnectionError { get; private set; } = "";

    /// <summary>Gets or sets what writes the state snapshot's members.</summary>
    public StateWriter? WriteState { get; set; }

    /// <summary>Gets or sets what executes verified commands.</summary>
    public CommandHandler? Commands { get; set; }

    /// <summary>Gets or sets the receiver of diagnostics (rejected commands, connection changes).</summary>
    public EventLog? Log { get; set; }

    /// <summary>Starts connecting.</summary>
    public void Start()
    {
        _running = true;
        Connect();
    }

    /// <summary>Publishes "offline" and disconnects (a clean stop sends no Last Will).</summary>
    public void Stop()
    {
        _running = false;
        _stateTimer.Stop();
        _reconnect.Stop();
        if (IsConnected)
        {
            WriteStatus("offline");
            _client.Publish(_topics.Status, _writer.Buffer, _writer.Length, 1, true, StatusToken);
            _client.Disconnect();
        }
    }

    /// <summary>Starts an event: writes its sequence number, time and kind, and returns the writer for its other members.</summary>
    /// <param name="kind">The event kind (see docs/protocol.md).</param>
    /// <returns>The writer, inside the event object; finish with <see cref="CommitEvent"/>.</returns>
    public JsonWriter BeginEvent(string kind)
    {
        _writer.Reset();
        _writer.BeginObject();
        _writer.Member("seq", NextSeq);
        _writer.Member("ts", _clock.UtcNowMs);
        _writer.Member("kind", kind);
        return _writer;
    }

    /// <summary>Closes the event begun with <see cref="BeginEvent"/> and queues it for delivery.</summary>
    public void CommitEvent()
    {
        _writer.EndObject();
        Outbox.Add(NextSeq, _writer.ToArray());
        NextSeq++;
        Drain();
    }

    /// <summary>Publishes the state snapshot now (when connected).</summary>
    public void PublishState()
    {
        if (!IsConnected)
        {
            return;
        }

        _state.Reset();
        _state.BeginObject();
        _state.Member("ts", _clock.UtcNowMs);
        _state.Member("next_seq", NextSeq);
        StateWriter? write = WriteState;
        if (write != null)
        {
            write(_state);
        }

        _state.EndObject();
        _client.Publish(_topics.State, _state.Buffer, _state.Length, 1, true, StatusToken);
    }

    private void Connect()
    {
        MqttConnectOptions broker = _options.Broker;
        broker.ClientId = _options.Device;
        broker.WillTopic = _topics.Status;
        broker.WillRetain = true;
        WriteStatus("offline");
        broker.WillPayload = _writer.ToArray();
        _client.Connect(broker);
    }

    private void OnConnectionChanged(bool connected, string reason)
    {
        _loop.Post(connected ? (LoopAction)OnConnected : OnDisconnected, reason);
    }

    private void OnConnected(object? state)
    {
        if (!_running)
        {
            return;
        }

        IsConnected = true;
        _backoffMs = _options.ReconnectMinMs;
        _inFlight = false;
        Note("connected to " + _options.Broker.Host + ":" + _options.Broker.Port.ToString());
        // Subscribed before the birth: the fleet answers a birth with commands (a config for a replacement board).
        _client.Subscribe(_topics.Commands);
        WriteBirth();
        _client.Publish(_topics.Birth, _writer.Buffer, _writer.Length, 1, true, StatusToken);
        WriteStatus("online");
        _client.Publish(_topics.Status, _writer.Buffer, _writer.Length, 1, true, StatusToken);
        PublishState();
        _stateTimer.StartPeriodic(_options.StateIntervalMs);
        Drain();
    }

    private void OnDisconnected(object? state)
    {
        bool was = IsConnected;
        IsConnected = false;
        _inFlight = false;
        _stateTimer.Stop();
        LastConnectionError = (string)state!;
        if (!_running)
        {
            return;
        }

        Note((was ? "connection lost: " : "cannot connect: ") + LastConnectionError + "; retrying in " + DecimalText.Scaled(_backoffMs / 100, 1) + " s; " + Outbox.Count.ToString() + " event(s) waiting");
        _reconnect.Start(_backoffMs);
        _backoffMs = _backoffMs * 2 > _options.ReconnectMaxMs ? _options.ReconnectMaxMs : _backoffMs * 2;
    }

    private void OnReconnectTimer(LoopTimer timer)
    {
        if (_running && !IsConnected)
        {
            Connect();
        }
    }

    private void OnStateTimer(LoopTimer timer)
    {
        PublishState();
    }

    private void Drain()
    {
        if (!IsConnected || _inFlight)
        {
            return;
        }

        long seq;
        byte[] payload;
        int length;
        if (!Outbox.TryPeek(out seq, out payload, out length))
        {
            return;
        }

        _inFlight = true;
        _inFlightSeq = seq;
        _client.Publish(_topics.Events, payload, length, 1, false, seq);
    }

    private void OnPublished(long token, bool delivered, string reason)
    {
        if (token == StatusToken)
        {
            return;
        }

        lock (_ackLock)
        {
            if (_ackCount < AckSlots)
            {
                int slot = (_ackHead + _ackCount) % AckSlots;
                _ackTokens[slot] = token;
                _ackDelivered[slot] = delivered;
                _ackCount++;
            }
        }

        _loop.Post(_drainAcks, null);
    }

    private void DrainAcks(object? state)
    {
        while (true)
        {
            long token;
            bool delivered;
            lock (_ackLock)
            {
                if (_ackCount == 0)
                {
                    return;
                }

                token = _ackTokens[_ackHead];
                delivered = _ackDelivered[_ackHead];
                _ackHead = (_ackHead + 1) % AckSlots;
                _ackCount--;
            }

            if (!_inFlight || token != _inFlightSeq)
            {
                continue;
            }

            _inFlight = false;
            if (delivered)
            {
                Outbox.Remove(token);
                EventsDelivered++;
                Drain();
            }
        }
    }

    private void OnMessage(string topic, byte[] payload)
    {
        if (topic == _topics.Commands)
        {
            _loop.Post(HandleCommand, payload);
        }
    }

    private void HandleCommand(object? state)
    {
        TelemetryCommand? command;
        string id;
        string? error = _verifier.Verify((byte[])state!, _clock.UtcNowMs, out command, out id);
        if (error == null)
        {
            CommandHandler? handler = Commands;
            error = handler == null ? "no command handler on this device" : handler(command!);
        }
        else
        {
            CommandsRejected++;
            Note("command rejected: " + error);
        }

        if (!IsConnected)
        {
            return;
        }

        _writer.Reset();
        _writer.BeginObject();
        _writer.Member("id", id);
        _writer.Member("ok", error == null);
        if (error != null)
        {
            _writer.Member("error", error);
        }

        _writer.Member("ts", _clock.UtcNowMs);
        _writer.EndObject();
        _client.Publish(_topics.Responses, _writer.Buffer, _writer.Length, 1, false, StatusToken);
    }

    private void WriteBirth()
    {
        _writer.Reset();
        _writer.BeginObject();
        _writer.Member("protocol", TelemetryTopics.Version);
        _writer.Member("device", _options.Device);
        _writer.Member("site", _options.Site);
        _writer.Member("firmware", _options.FirmwareVersion);
        _writer.Member("board", _options.Board);
        _writer.Member("config_hash", _options.ConfigHash);
        _writer.Member("next_seq", NextSeq);
        _writer.Member("ts", _clock.UtcNowMs);
        _writer.EndObject();
    }

    private void WriteStatus(string status)
    {
        _writer.Reset();
        _writer.BeginObject();
        _writer.Member("state", status);
        _writer.Member("ts", _clock.UtcNowMs);
        _writer.EndObject();
    }

    private void Note(string message)
    {
        EventLog? log = Log;
        if (log != null)
        {
            log.Add("telemetry", message);
        }
    }
}
