using System;
using System.Security.Cryptography;

namespace NfBond.Hal.Linux;

/// <summary>HMAC-SHA256 from System.Security.Cryptography.</summary>
public sealed class HmacSha256 : IHmac
{
    /// <inheritdoc/>
    public byte[] ComputeSha256(byte[] key, byte[] data, int offset, int length) => HMACSHA256.HashData(key, data.AsSpan(offset, length));
}
