using NfBond.Firmware.Json;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.Telemetry;

/// <summary>
/// Accepts a command only when it is signed with the device's secret (HMAC-SHA256 over the exact body
/// text), addressed to this device, issued within the replay window of the device's clock, and not
/// seen before. Every rejection says precisely why. The wire form is
/// <c>{"body":"{\"id\":..,\"device\":..,\"cmd\":..,\"ts\":..,\"args\":{..}}","sig":"64 hex digits"}</c>.
/// </summary>
public sealed class CommandVerifier
{
    private readonly IHmac _hmac;
    private readonly byte[] _secret;
    private readonly string _device;
    private readonly long _windowMs;
    private readonly string[] _recentIds = StringUtil.NewArray(64, string.Empty);
    private int _recentNext;

    /// <summary>Creates a verifier.</summary>
    /// <param name="hmac">The platform's HMAC-SHA256.</param>
    /// <param name="secret">The per-device secret.</param>
    /// <param name="device">This device's ID.</param>
    /// <param name="windowMs">How far a command's timestamp may be from the device clock, either way.</param>
    public CommandVerifier(IHmac hmac, byte[] secret, string device, long windowMs)
    {
        _hmac = hmac;
        _secret = secret;
        _device = device;
        _windowMs = windowMs;
    }

    /// <summary>Checks a command message.</summary>
    /// <param name="payload">The message bytes.</param>
    /// <param name="nowUtcMs">The device's wall clock.</param>
    /// <param name="command">The command when accepted.</param>
    /// <param name="id">The command's ID when it could be read (for the response), else "".</param>
    /// <returns>Null when accepted, else why not.</returns>
    public string? Verify(byte[] payload, long nowUtcMs, out TelemetryCommand? command, out string id)
    {
        command = null;
        id = "";
        JsonObject? envelope = ParseObject(Utf8.GetString(payload, 0, payload.Length));
        if (envelope == null)
        {
            return "not a JSON object; expected {\"body\": \"...\", \"sig\": \"...\"}";
        }

        string? body = envelope.Get("body") as string;
        string? sig = envelope.Get("sig") as string;
        if (body == null || sig == null)
        {
            return "missing \"body\" or \"sig\" (both strings)";
        }

        byte[]? mac = sig.Length == 64 ? Utf8.FromHex(sig) : null;
        if (mac == null)
        {
            return "\"sig\" must be 64 hex digits (HMAC-SHA256 of the body)";
        }

        byte[] bodyBytes = Utf8.GetBytes(body);
        if (!SameBytes(mac, _hmac.ComputeSha256(_secret, bodyBytes, 0, bodyBytes.Length)))
        {
            return "bad signature: not signed with this device's secret";
        }

        JsonObject? fields = ParseObject(body);
        if (fields == null)
        {
            return "\"body\" is not a JSON object";
        }

        id = fields.Get("id") as string ?? "";
        string? device = fields.Get("device") as string;
        string? name = fields.Get("cmd") as string;
        object? ts = fields.Get("ts");
        if (id.Length == 0 || name == null || !(ts is long))
        {
            return "body needs \"id\" (string), \"cmd\" (string) and \"ts\" (integer ms since 1970 UTC)";
        }

        if (device != _device)
        {
            return "addressed to device \"" + (device ?? "") + "\", this is \"" + _device + "\"";
        }

        long skew = (long)ts - nowUtcMs;
        if (skew > _windowMs || -skew > _windowMs)
        {
            return "outside the replay window: issued " + (skew / 1000).ToString() + " s from the device clock, allowed +-" + (_windowMs / 1000).ToString() + " s";
        }

        for (int i = 0; i < _recentIds.Length; i++)
        {
            if (_recentIds[i] == id)
            {
                return "replayed: command \"" + id + "\" was already accepted";
            }
        }

        _recentIds[_recentNext] = id;
        _recentNext = (_recentNext + 1) % _recentIds.Length;
        command = new TelemetryCommand(id, name, (long)ts, fields.Get("args") as JsonObject);
        return null;
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonReader.Parse(text) as JsonObject;
        }
        catch (JsonParseException)
        {
            return null;
        }
    }

    // Constant time: how many bytes match must not show in the timing.
    private static bool SameBytes(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        int diff = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff |= a[i] ^ b[i];
        }

        return diff == 0;
    }
}
