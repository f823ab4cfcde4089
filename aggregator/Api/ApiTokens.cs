using System.Security.Cryptography;
using System.Text;

namespace NfBond.Aggregator.Api;

/// <summary>
/// The API's bearer tokens: one per line of the data directory's <c>api-token</c> file (owner-only), one
/// per integrator or tool, so one can be withdrawn by deleting its line. The first is created on first start.
/// Lines starting with '#' are comments. The file is read again when it changes.
/// </summary>
public sealed class ApiTokens
{
    private readonly string _path;
    private DateTime _readAt;
    private byte[][] _hashes = [];

    /// <summary>Loads the tokens, creating the file with one random token when it does not exist.</summary>
    /// <param name="path">The token file.</param>
    public ApiTokens(string path)
    {
        _path = path;
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant() + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        string[] tokens = Load();
        First = tokens.Length > 0 ? tokens[0] : throw new InvalidOperationException($"{path} lists no API token: put one per line (any long random text), or delete the file to have one created");
    }

    /// <summary>Gets the file's first token (printed for the operator, used by the demo).</summary>
    public string First { get; }

    /// <summary>Checks an Authorization header value.</summary>
    /// <param name="authorization">The header, "Bearer &lt;token&gt;".</param>
    /// <returns>Whether it carries a listed token.</returns>
    public bool Allows(string? authorization)
    {
        if (authorization == null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        if (File.GetLastWriteTimeUtc(_path) != _readAt)
        {
            Load();
        }

        // Compared as hashes in fixed time: neither the length nor a prefix of a token leaks through timing.
        byte[] offered = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[7..].Trim()));
        bool allowed = false;
        foreach (byte[] known in _hashes)
        {
            allowed |= CryptographicOperations.FixedTimeEquals(known, offered);
        }

        return allowed;
    }

    private string[] Load()
    {
        _readAt = File.GetLastWriteTimeUtc(_path);
        string[] tokens = [.. File.ReadLines(_path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        _hashes = [.. tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];
        return tokens;
    }
}
