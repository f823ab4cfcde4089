using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Api;

/// <summary>Builds signed commands in the form controllers verify (docs/protocol.md, "cmd").</summary>
public static class CommandSigner
{
    /// <summary>Signs a command for a device.</summary>
    /// <param name="device">The device (its secret signs).</param>
    /// <param name="id">The command ID.</param>
    /// <param name="command">The command name.</param>
    /// <param name="args">Its arguments as a JSON object.</param>
    /// <param name="nowMs">Issue time, ms since 1970 UTC.</param>
    /// <returns>The message payload.</returns>
    public static byte[] Sign(DeviceRecord device, string id, string command, JsonElement args, long nowMs)
    {
        string body = JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = id, ["device"] = device.Device, ["cmd"] = command, ["ts"] = nowMs, ["args"] = args });
        string sig = Convert.ToHexString(HMACSHA256.HashData(Convert.FromHexString(device.Secret), Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        return JsonSerializer.SerializeToUtf8Bytes(new { body, sig });
    }
}
