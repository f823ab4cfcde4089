using NfBond.Hal;

namespace NfBond.Firmware.Security;

/// <summary>
/// HMAC-SHA256 (RFC 2104) over <see cref="Sha256"/>: the signature check for boards whose
/// nanoFramework build has no HMAC of its own.
/// </summary>
public sealed class HmacSha256 : IHmac
{
    private readonly Sha256 _sha = new Sha256();
    private readonly byte[] _pad = new byte[64];

    /// <inheritdoc/>
    public byte[] ComputeSha256(byte[] key, byte[] data, int offset, int length)
    {
        byte[] k = key.Length > 64 ? Sha256.Hash(key, 0, key.Length) : key;
        for (int i = 0; i < 64; i++)
        {
            _pad[i] = (byte)((i < k.Length ? k[i] : 0) ^ 0x36);
        }

        _sha.Update(_pad, 0, 64);
        _sha.Update(data, offset, length);
        byte[] inner = _sha.Finish();
        for (int i = 0; i < 64; i++)
        {
            _pad[i] = (byte)((i < k.Length ? k[i] : 0) ^ 0x5c);
        }

        _sha.Update(_pad, 0, 64);
        _sha.Update(inner, 0, inner.Length);
        return _sha.Finish();
    }
}
