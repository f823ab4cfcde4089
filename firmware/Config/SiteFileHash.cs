using NfBond.Firmware.Security;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Config;

/// <summary>
/// The <c>config_hash</c> of a site file (docs/protocol.md): the first 16 hex digits of the SHA-256 of
/// its UTF-8 text. Controller and aggregator compare it to tell whether a controller runs the latest version.
/// </summary>
public static class SiteFileHash
{
    /// <summary>Hashes a site file.</summary>
    /// <param name="siteFile">The file's text.</param>
    /// <returns>16 lowercase hex digits.</returns>
    public static string Of(string siteFile)
    {
        byte[] bytes = Utf8.GetBytes(siteFile);
        byte[] digest = Sha256.Hash(bytes, 0, bytes.Length);
        char[] hex = new char[16];
        for (int i = 0; i < 8; i++)
        {
            hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
            hex[(2 * i) + 1] = "0123456789abcdef"[digest[i] & 0xF];
        }

        return new string(hex);
    }
}
