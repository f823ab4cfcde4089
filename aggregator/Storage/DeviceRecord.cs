namespace NfBond.Aggregator.Storage;

/// <summary>A provisioned controller.</summary>
/// <param name="Device">Its ID (MQTT client ID and user name).</param>
/// <param name="Site">The site it belongs to.</param>
/// <param name="PasswordHash">PBKDF2 hash of its MQTT password ("salt:hash", hex).</param>
/// <param name="Secret">Its command-signing secret, hex.</param>
public sealed record DeviceRecord(string Device, string Site, string PasswordHash, string Secret);
