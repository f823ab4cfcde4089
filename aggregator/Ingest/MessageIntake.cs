using System.Text;
using System.Text.Json;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Ingest;

/// <summary>
/// The one way a telemetry message comes in, whichever broker carried it: checked against the contract,
/// against the sender's identity (the embedded broker's login, or the registry for an external broker whose
/// ACL already bound the topic to the login), then stored. A rejection is counted with its reason.
/// </summary>
public sealed class MessageIntake
{
    private readonly MessageValidator _validator;
    private readonly IngestPipeline _pipeline;
    private readonly DeviceRegistry _registry;
    private readonly bool _allowUnknown;
    private readonly int _maxBytes;

    /// <summary>Creates the intake.</summary>
    /// <param name="options">Limits and whether unknown (anonymous) senders are accepted.</param>
    /// <param name="registry">Provisioned controllers.</param>
    /// <param name="pipeline">Where accepted messages are stored.</param>
    public MessageIntake(AggregatorOptions options, DeviceRegistry registry, IngestPipeline pipeline)
    {
        _validator = new MessageValidator(options.MaxMessageBytes);
        _registry = registry;
        _pipeline = pipeline;
        _allowUnknown = options.AllowAnonymous;
        _maxBytes = options.MaxMessageBytes;
    }

    /// <summary>
    /// Checks a device's answer on its own <c>cmd/res</c> topic, which the broker passes on to whoever
    /// sent the command instead of storing: no larger than any other message, and never retained (a
    /// retained answer would be replayed to every later subscriber).
    /// </summary>
    /// <param name="payloadLength">The answer's size.</param>
    /// <param name="retain">Whether it was published retained.</param>
    /// <returns>Null when it may pass, else why not (already counted).</returns>
    public RejectReason? CheckResponse(int payloadLength, bool retain)
    {
        RejectReason? reason = payloadLength > _maxBytes ? RejectReason.Oversized : retain ? RejectReason.Unauthorised : null;
        if (reason != null)
        {
            _pipeline.Reject(reason.Value);
        }

        return reason;
    }

    /// <summary>Gets or sets where a controller's answer to a command goes: device, command ID, the answer as sent.</summary>
    public Action<string, string, string>? Answered { get; set; }

    /// <summary>
    /// Keeps a controller's answer on its <c>cmd/res</c> topic (already checked by <see cref="CheckResponse"/>
    /// or the external broker's ACL) so that the page that sent the command shows it, whichever instance it is on.
    /// </summary>
    /// <param name="topic">The topic, <c>nfbond/v1/{site}/{device}/cmd/res</c>.</param>
    /// <param name="payload">The answer: <c>{"id":...,"ok":...}</c>.</param>
    /// <returns>Null when kept, else why not (counted).</returns>
    public RejectReason? AcceptAnswer(string topic, byte[] payload)
    {
        string[] levels = topic.Split('/');
        string? id = null;
        if (levels.Length == 6 && payload.Length <= _maxBytes)
        {
            try
            {
                using JsonDocument answer = JsonDocument.Parse(payload);
                id = answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("id", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            }
            catch (JsonException)
            {
                id = null;
            }
        }

        DeviceRecord? device = id == null ? null : _registry.Find(levels[3]);
        if (id == null || id.Length is 0 or > 64 || device == null || device.Site != levels[2])
        {
            RejectReason reason = id == null ? RejectReason.Malformed : RejectReason.Unauthorised;
            _pipeline.Reject(reason);
            return reason;
        }

        Answered?.Invoke(device.Device, id, Encoding.UTF8.GetString(payload));
        return null;
    }

    /// <summary>Gets or sets what is told about each stored message after its commit (the config registry watches births).</summary>
    public Action<IngestMessage>? Stored { get; set; }

    /// <summary>Validates and stores a message; completes once it is committed.</summary>
    /// <param name="topic">Its topic.</param>
    /// <param name="payload">Its payload.</param>
    /// <param name="sender">The logged-in device, or null when the broker does not say (external broker, anonymous lab use).</param>
    /// <returns>Null when stored, else why not (already counted).</returns>
    public async Task<RejectReason?> AcceptAsync(string topic, byte[] payload, DeviceRecord? sender)
    {
        RejectReason? reason = _validator.Validate(topic, payload, sender?.Device, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), out IngestMessage? message);
        if (reason == null)
        {
            // Lab mode (anonymous) asks nobody: unknown devices are welcome there anyway.
            DeviceRecord? device = sender ?? (_allowUnknown ? null : _registry.Find(message!.Device));
            if ((device == null && !_allowUnknown) || (device != null && device.Site != message!.Site))
            {
                reason = RejectReason.Unauthorised;
            }
        }

        if (reason != null)
        {
            _pipeline.Reject(reason.Value);
            return reason;
        }

        await _pipeline.StoreAsync(message!);
        Stored?.Invoke(message!);
        return null;
    }
}
