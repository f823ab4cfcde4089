using System.Security.Cryptography;
using System.Text;

namespace NfBond.Aggregator.Configs;

/// <summary>
/// The <c>config_hash</c> a controller reports in its birth message: the first 16 hex digits of the
/// SHA-256 of its site file's UTF-8 text (docs/protocol.md). Equal hashes mean the same file.
/// </summary>
public static class ConfigHash
{
    /// <summary>Hashes a site file.</summary>
    /// <param name="siteFile">The file's text.</param>
    /// <returns>16 lowercase hex digits.</returns>
    public static string Of(string siteFile) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(siteFile)), 0, 8).ToLowerInvariant();
}
