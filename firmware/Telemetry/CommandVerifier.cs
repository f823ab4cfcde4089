using System.Text;
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
/// <remarks>
/// An accepted command's ID is remembered until its timestamp leaves the replay window, so no count of
/// other commands pushes it out; at most <see cref="MaxPerWindow"/> commands are accepted per window,
/// which bounds that memory. With storage the memory survives a restart (<see cref="FileName"/>, one
/// <c>ts id</c> per line), so a command captured before a reboot is refused after it too.
/// </remarks>
public sealed class CommandVerifier
{
    /// <summary>The most commands accepted within one replay window.</summary>
    public const int MaxPerWindow = 16;

    /// <summary>The storage file of accepted command IDs.</summary>
    public const string FileName = "commands-seen.txt";

    /// <summary>The longest command ID accepted.</summary>
    public const int MaxIdLength = 64;

    private readonly IHmac _hmac;
    private readonly byte[] _secret;
    private readonly string _device;
    private readonly long _windowMs;
    private readonly IStorage? _storage;
    private readonly string[] _seenIds = StringUtil.NewArray(MaxPerWindow, string.Empty);
    private readonly long[] _seenTs = new long[MaxPerWindow];
    private int _seenCount;

    /// <summary>Creates a verifier.</summary>
    /// <param name="hmac">The platform's HMAC-SHA256.</param>
    /// <param name="secret">The per-device secret.</param>
    /// <param name="device">This device's ID.</param>
    /// <param name="windowMs">How far a command's timestamp may be from the device clock, either way.</param>
    /// <param name="storage">Where accepted IDs survive a restart, or null to keep them in RAM.</param>
    public CommandVerifier(IHmac hmac, byte[] secret, string device, long windowMs, IStorage? storage)
    {
        _hmac = hmac;
        _secret = secret;
        _device = device;
        _windowMs = windowMs;
        _storage = storage;
        LastStorageError = "";
        Load();
    }

    /// <summary>Gets the last failure to read or write the replay memory, or "".</summary>
    public string LastStorageError { get; private set; }

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

        if (!IsId(id))
        {
            string shown = id;
            id = "";
            return "\"id\" \"" + (shown.Length > MaxIdLength ? shown.Substring(0, MaxIdLength) + "..." : shown) + "\" must be 1-" + MaxIdLength.ToString() + " characters of A-Z a-z 0-9 . _ : -";
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

        Forget(nowUtcMs);
        for (int i = 0; i < _seenCount; i++)
        {
            if (_seenIds[i] == id)
            {
                return "replayed: command \"" + id + "\" was already accepted";
            }
        }

        if (_seenCount == MaxPerWindow)
        {
            return "rate limit: " + MaxPerWindow.ToString() + " commands accepted within the replay window; the oldest leaves it in "
                + ((_seenTs[0] + _windowMs - nowUtcMs + 999) / 1000).ToString() + " s";
        }

        _seenIds[_seenCount] = id;
        _seenTs[_seenCount] = (long)ts;
        _seenCount++;
        Save();
        command = new TelemetryCommand(id, name, (long)ts, fields.Get("args") as JsonObject);
        return null;
    }

    private static bool IsId(string id)
    {
        if (id.Length > MaxIdLength)
        {
            return false;
        }

        char[] chars = id.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    // Drops IDs whose command can no longer pass the window check; the list stays in acceptance order.
    private void Forget(long nowUtcMs)
    {
        int kept = 0;
        for (int i = 0; i < _seenCount; i++)
        {
            if (_seenTs[i] + _windowMs >= nowUtcMs)
            {
                _seenIds[kept] = _seenIds[i];
                _seenTs[kept] = _seenTs[i];
                kept++;
            }
        }

        for (int i = kept; i < _seenCount; i++)
        {
            _seenIds[i] = string.Empty;
        }

        _seenCount = kept;
    }

    private void Save()
    {
        if (_storage == null)
        {
            return;
        }

        StringBuilder text = new StringBuilder(_seenCount * (MaxIdLength + 16));
        for (int i = 0; i < _seenCount; i++)
        {
            text.Append(_seenTs[i].ToString()).Append(' ').Append(_seenIds[i]).Append('\n');
        }

        string? failed = _storage.Write(FileName, text.ToString());
        LastStorageError = failed == null ? "" : "remembering accepted commands failed (a replay after a restart would not be caught): " + failed;
    }

    private void Load()
    {
        string? text = _storage == null ? null : _storage.Read(FileName);
        if (text == null)
        {
            return;
        }

        string[] lines = StringUtil.Split(text, '\n');
        for (int i = 0; i < lines.Length && _seenCount < MaxPerWindow; i++)
        {
            string line = lines[i];
            int space = line.IndexOf(' ');
            long ts;
            if (line.Length == 0)
            {
                continue;
            }

            if (space < 1 || !NumberParser.TryParseInt64(line.ToCharArray(), 0, space, out ts) || !IsId(line.Substring(space + 1)) || space + 1 == line.Length)
            {
                LastStorageError = FileName + " line " + (i + 1).ToString() + ": \"" + line + "\" is not \"ts id\"; skipped";
                continue;
            }

            _seenIds[_seenCount] = line.Substring(space + 1);
            _seenTs[_seenCount] = ts;
            _seenCount++;
        }
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
