using System.Security.Cryptography;
using System.Text;

namespace NfBond.Aggregator.Api;

/// <summary>
/// The API's bearer tokens: one per line of the data directory's <c>api-token</c> file (owner-only), one
/// per integrator or tool, so one can be withdrawn by deleting its line. The first is created on first start.
/// Lines starting with '#' are comments. A line is the token, optionally followed by its scope: <c>read</c>
/// (GET only) or <c>operator</c> (the default: everything). A scope word not known on a reload counts as
/// <c>read</c> (least privilege). The file is read again when it changes.
/// </summary>
public sealed class ApiTokens
{
    private readonly string _path;
    private DateTime _readAt;
    private (byte[] Hash, ApiTokenScope Scope)[] _tokens = [];

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

        string[] lines = Load();
        First = lines.Length > 0 ? lines[0].Split(' ', 2)[0] : throw new InvalidOperationException($"{path} lists no API token: put one per line (any long random text), or delete the file to have one created");
        string? unknown = lines.Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2 && p[1] is not ("read" or "operator")).Select(p => p[1]).FirstOrDefault();
        if (unknown != null)
        {
            throw new InvalidOperationException($"{path}: scope \"{unknown}\" is not known; a token line is \"TOKEN\", \"TOKEN read\" or \"TOKEN operator\"");
        }
    }

    /// <summary>Gets the file's first token (printed for the operator, used by the demo).</summary>
    public string First { get; }

    /// <summary>Checks an Authorization header value.</summary>
    /// <param name="authorization">The header, "Bearer &lt;token&gt;".</param>
    /// <returns>The scope of the listed token it carries, or null when it carries none.</returns>
    public ApiTokenScope? ScopeOf(string? authorization)
    {
        if (authorization == null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        if (File.GetLastWriteTimeUtc(_path) != _readAt)
        {
            Load();
        }

        // Compared as hashes in fixed time: neither the length nor a prefix of a token leaks through timing.
        byte[] offered = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[7..].Trim()));
        ApiTokenScope? scope = null;
        foreach ((byte[] hash, ApiTokenScope tokenScope) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, offered))
            {
                scope = tokenScope;
            }
        }

        return scope;
    }

    private string[] Load()
    {
        _readAt = File.GetLastWriteTimeUtc(_path);
        string[] tokens = [.. File.ReadLines(_path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        _tokens = [.. tokens.Select(t => t.Split(' ', 2, StringSplitOptions.TrimEntries)).Select(p => (SHA256.HashData(Encoding.UTF8.GetBytes(p[0])), p.Length == 1 || p[1] == "operator" ? ApiTokenScope.Operator : ApiTokenScope.Read))];
        return tokens;
    }
}
