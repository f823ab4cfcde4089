namespace NfBond.Hal;

/// <summary>HMAC-SHA256, from the platform's crypto (mbedTLS on boards, System.Security.Cryptography on .NET).</summary>
public interface IHmac
{
    /// <summary>Computes HMAC-SHA256.</summary>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The buffer.</param>
    /// <param name="offset">Start of the message.</param>
    /// <param name="length">Message length.</param>
    /// <returns>The 32-byte MAC.</returns>
    byte[] ComputeSha256(byte[] key, byte[] data, int offset, int length);
}
