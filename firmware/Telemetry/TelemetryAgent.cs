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
    /// <summary>The storage file holding the first sequence number a restarted device may use.</summary>
    public const string SequenceFileName = "telemetry-seq.txt";

    private const int StatusToken = -1;

    // Only event acknowledgements are queued, and one event is in flight at a time.
    private const int AckSlots = 8;

    // Sequence numbers are reserved on storage this many at a time, so flash is written once per block
    // of events and a restart never reuses a number the fleet has stored (it skips at most this many).
    private const int SequenceBlock = 100;

    private readonly EventLoop _loop;
    private readonly IMqttClient _client;
    private readonly IWallClock _clock;
    private readonly IStorage? _storage;
    private readonly TelemetryOptions _options;
    private readonly TelemetryTopics _topics;
    private readonly CommandVerifier _verifier;
    // One writer for every message: each is written and handed to the client (which copies it) before
    // the next begins, and the state snapshot is the largest (about 700 B for three links and two modems).
    private readonly JsonWriter _writer = new JsonWriter(1024);
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
    private long _reservedSeq;
    private EventLog? _log;
    private string? _unlogged;
    private string _spoolError = "";

    /// <summary>Creates the agent; nothing connects until <see cref="Start"/>.</summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="client">The MQTT client.</param>
    /// <param name="clock">The wall clock (timestamps, replay window).</param>
    /// <param name="hmac">HMAC-SHA256 for command signatures.</param>
    /// <param name="options">Identity, broker, limits.</param>
    /// <param name="storage">
    /// Where sequence numbers, the event spool and the replay memory survive a restart, or null to keep
    /// them in RAM (sequence numbers then restart at 1).
    /// </param>
    public TelemetryAgent(EventLoop loop, IMqttClient client, IWallClock clock, IHmac hmac, TelemetryOptions options, IStorage? storage)
    {
        _loop = loop;
        _client = client;
        _clock = clock;
        _options = options;
        _storage = storage;
        _topics = new TelemetryTopics(options.Site, options.Device);
        _verifier = new CommandVerifier(hmac, options.Secret, options.Device, options.CommandWindowMs, storage);
        Outbox = new Outbox(options.MaxQueuedEvents, options.MaxQueuedBytes, storage, options.SpoolSegments);
        NextSeq = FirstSequence();
        if (_verifier.LastStorageError.Length > 0)
        {
            Note(_verifier.LastStorageError);
        }

        if (Outbox.LastSpoolError.Length > 0)
        {
            _spoolError = Outbox.LastSpoolError;
            Note(_spoolError);
        }
        _stateTimer = new LoopTimer(loop, OnStateTimer);
        _reconnect = new LoopTimer(loop, OnReconnectTimer);
        _drainAcks = DrainAcks;
        _backoffMs = options.ReconnectMinMs;
        client.ConnectionChanged += OnConnectionChanged;
        client.MessageReceived += OnMessage;
        client.Published += OnPublished;
    }

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

    /// <summary>Gets or sets the receiver of diagnostics (rejected commands, connection changes, storage failures); a note made before it was set is passed on when it is.</summary>
    public EventLog? Log
    {
        get
        {
            return _log;
        }

        set
        {
            _log = value;
            if (value != null && _unlogged != null)
            {
                value.Add("telemetry", _unlogged);
                _unlogged = null;
            }
        }
    }

    /// <summary>Starts connecting.</summary>
    public void Start()
    {
        _running = true;
        Connect();
    }

    /// <summary>Publishes "offline", disconnects (a clean stop sends no Last Will) and moves waiting events to the flash spool.</summary>
    public void Stop()
    {
        _running = false;
        if (_storage != null && !Outbox.Persist())
        {
            Note(Outbox.LastSpoolError);
        }

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
        if (!ReferenceEquals(Outbox.LastSpoolError, _spoolError))
        {
            _spoolError = Outbox.LastSpoolError;
            Note(_spoolError);
        }

        if (_storage != null && NextSeq >= _reservedSeq)
        {
            Reserve(NextSeq);
        }

        Drain();
    }

    /// <summary>Gets or sets what runs before each state snapshot (the bridge checks data caps there), or null.</summary>
    public StateHook? BeforeState { get; set; }

    /// <summary>Publishes the state snapshot now (when connected).</summary>
    public void PublishState()
    {
        if (!IsConnected)
        {
            return;
        }

        // Events share the one writer, so whatever the snapshot may raise is raised before it begins.
        StateHook? before = BeforeState;
        if (before != null)
        {
            before();
        }

        _writer.Reset();
        _writer.BeginObject();
        _writer.Member("ts", _clock.UtcNowMs);
        _writer.Member("next_seq", NextSeq);
        StateWriter? write = WriteState;
        if (write != null)
        {
            write(_writer);
        }

        _writer.EndObject();
        _client.Publish(_topics.State, _writer.Buffer, _writer.Length, 1, true, StatusToken);
    }

    // A restarted device continues after every number it may have used: the stored reservation, and
    // anything still waiting in the flash spool.
    private long FirstSequence()
    {
        if (_storage == null)
        {
            return 1;
        }

        long first = 1;
        string? stored = _storage.Read(SequenceFileName);
        if (stored != null)
        {
            string text = stored.Trim();
            long value;
            if (text.Length == 0 || !NumberParser.TryParseInt64(text.ToCharArray(), 0, text.Length, out value) || value < 1)
            {
                Note(SequenceFileName + " holds \"" + text + "\", not a sequence number; continuing after the spooled events");
            }
            else
            {
                first = value;
            }
        }

        if (Outbox.LastSeq >= first)
        {
            first = Outbox.LastSeq + 1;
        }

        Reserve(first);
        return first;
    }

    private void Reserve(long from)
    {
        string? failed = _storage!.Write(SequenceFileName, (from + SequenceBlock).ToString());
        if (failed != null)
        {
            // Numbers stay unique while running; only a restart before the next successful write could reuse some.
            Note("reserving sequence numbers failed: " + failed);
        }

        _reservedSeq = from + SequenceBlock;
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
        if (token < 1)
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
        if (error == null && _verifier.LastStorageError.Length > 0)
        {
            Note(_verifier.LastStorageError);
        }
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
        EventLog? log = _log;
        if (log != null)
        {
            log.Add("telemetry", message);
        }
        else
        {
            _unlogged = message;
        }
    }
}
