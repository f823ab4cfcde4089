using System.Security.Cryptography;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Devices;

/// <summary>
/// Provisions controllers and checks their credentials: each gets a random MQTT password (stored only as a
/// salted PBKDF2-SHA256 hash) and a random command-signing secret.
/// </summary>
public sealed class DeviceRegistry
{
    private const int Iterations = 100_000;
    private readonly IFleetStore _store;

    // Devices reconnect in storms after a broker restart: a verified password is remembered (as SHA-256)
    // so the next login costs one hash, not 100,000 PBKDF2 rounds.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _verified = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DeviceRecord Record, long Until)> _known = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _unknown = new();

    /// <summary>Creates the registry.</summary>
    /// <param name="store">Where devices are kept.</param>
    public DeviceRegistry(IFleetStore store) => _store = store;

    /// <summary>Adds (or re-keys) a controller.</summary>
    /// <param name="site">Its site.</param>
    /// <param name="device">Its ID.</param>
    /// <returns>The password and the command secret, shown once.</returns>
    /// <exception cref="ArgumentException">The site or device ID breaks <see cref="FleetIds.Rule"/>.</exception>
    public (string Password, string Secret) Add(string site, string device)
    {
        string? refused = FleetIds.Check("site", site) ?? FleetIds.Check("device", device);
        if (refused != null)
        {
            throw new ArgumentException(refused);
        }

        string password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        string secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        _store.AddDevice(new DeviceRecord(device, site, Convert.ToHexString(salt) + ":" + Convert.ToHexString(hash), secret));
        _verified.TryRemove(device, out _);
        _known.TryRemove(device, out _);
        _unknown.TryRemove(device, out _);
        return (password, secret);
    }

    /// <summary>Reads a controller's record from the store, bypassing the cache (a re-provisioning made by another process shows at once).</summary>
    /// <param name="device">Its ID.</param>
    /// <returns>The record, or null when not provisioned.</returns>
    public DeviceRecord? FindStored(string device) => _store.FindDevice(device);

    /// <summary>
    /// Finds a provisioned controller, remembering it for a minute (and an unknown ID for two seconds, so a
    /// flood from one costs one query per two seconds): with an external broker every message is checked
    /// against the registry, and most come from devices seen a moment ago.
    /// </summary>
    /// <param name="device">Its ID.</param>
    /// <returns>The record, or null when not provisioned.</returns>
    public DeviceRecord? Find(string device)
    {
        long now = Environment.TickCount64;
        if (_known.TryGetValue(device, out (DeviceRecord Record, long Until) known) && known.Until > now)
        {
            return known.Record;
        }

        if (_unknown.TryGetValue(device, out long unknownUntil) && unknownUntil > now)
        {
            return null;
        }

        DeviceRecord? record = _store.FindDevice(device);
        if (record != null)
        {
            _known[device] = (record, now + 60_000);
        }
        else
        {
            _unknown[device] = now + 2_000;
        }

        return record;
    }

    /// <summary>Checks a controller's credentials.</summary>
    /// <param name="device">The user name (device ID).</param>
    /// <param name="password">The password.</param>
    /// <returns>The device when they match, else null.</returns>
    public DeviceRecord? Authenticate(string device, string password)
    {
        DeviceRecord? record = _store.FindDevice(device);
        if (record == null)
        {
            return null;
        }

        byte[] quick = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(record.PasswordHash + "\n" + password));
        if (_verified.TryGetValue(device, out byte[]? known) && CryptographicOperations.FixedTimeEquals(known, quick))
        {
            return record;
        }

        string[] parts = record.PasswordHash.Split(':');
        byte[] expected = Convert.FromHexString(parts[1]);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromHexString(parts[0]), Iterations, HashAlgorithmName.SHA256, 32);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return null;
        }

        _verified[device] = quick;
        return record;
    }
}
