namespace NfBond.Portability;

/// <summary>
/// The nanoFramework 1.x API as documentation IDs, each tied to the nanoFramework source it was read from.
/// </summary>
public sealed class NanoApiAllowlist
{
    /// <summary>The resource and file name of the shipped allowlist.</summary>
    public const string FileName = "nanoframework-1x-api.txt";

    private readonly Dictionary<string, string> _sourceById;
    private readonly List<string> _enumPrefixes;

    private NanoApiAllowlist(Dictionary<string, string> sourceById, List<string> enumPrefixes)
    {
        _sourceById = sourceById;
        _enumPrefixes = enumPrefixes;
    }

    /// <summary>Gets every entry (wildcards included, as written) with the source it was read from.</summary>
    public IReadOnlyDictionary<string, string> Entries => _sourceById;

    /// <summary>Loads the allowlist shipped inside this assembly.</summary>
    public static NanoApiAllowlist LoadDefault()
    {
        using Stream stream = typeof(NanoApiAllowlist).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"resource {FileName} is missing from {typeof(NanoApiAllowlist).Assembly.GetName().Name}");
        using StreamReader reader = new(stream);
        return Parse(reader.ReadToEnd(), FileName);
    }

    /// <summary>Parses allowlist text.</summary>
    /// <param name="text">The allowlist.</param>
    /// <param name="origin">Named in error messages.</param>
    /// <exception cref="FormatException">A line is not a comment, a source line or a documentation ID,
    /// an entry comes before any source line, or an entry repeats.</exception>
    public static NanoApiAllowlist Parse(string text, string origin)
    {
        Dictionary<string, string> sources = new(StringComparer.Ordinal);
        List<string> prefixes = [];
        string? source = null;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            int lineNumber = i + 1;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("@source ", StringComparison.Ordinal))
            {
                source = line["@source ".Length..].Trim();
                if (source.Split(' ').Length != 2 || !source.Contains('@'))
                {
                    throw new FormatException($"{origin}:{lineNumber}: a source line must read '@source owner/repo path@commit', got '{line}'");
                }

                continue;
            }

            if (line.Length < 3 || line[1] != ':' || "TMPFE".IndexOf(line[0]) < 0 || line.Contains(' '))
            {
                throw new FormatException($"{origin}:{lineNumber}: '{line}' is not a documentation ID (T:, M:, P:, F: or E: followed by the member)");
            }

            if (source == null)
            {
                throw new FormatException($"{origin}:{lineNumber}: '{line}' has no @source line above it naming the nanoFramework file it was read from");
            }

            if (!sources.TryAdd(line, source))
            {
                throw new FormatException($"{origin}:{lineNumber}: '{line}' is listed twice");
            }

            if (line.EndsWith(".*", StringComparison.Ordinal))
            {
                if (line[0] != 'F')
                {
                    throw new FormatException($"{origin}:{lineNumber}: only enum fields may use a wildcard (F:Namespace.Enum.*), got '{line}'");
                }

                prefixes.Add(line[..^1]);
            }
        }

        return new NanoApiAllowlist(sources, prefixes);
    }

    /// <summary>Gets whether a documentation ID is allowed.</summary>
    /// <param name="documentationId">For example <c>M:System.String.Substring(System.Int32)</c>.</param>
    public bool Contains(string documentationId)
    {
        if (_sourceById.ContainsKey(documentationId))
        {
            return true;
        }

        foreach (string prefix in _enumPrefixes)
        {
            if (documentationId.StartsWith(prefix, StringComparison.Ordinal) && documentationId.IndexOf('.', prefix.Length) < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets the allowed members whose ID starts with <paramref name="prefix"/>, e.g. every WaitOne overload.</summary>
    /// <param name="prefix">A documentation ID up to and including the member name.</param>
    public IEnumerable<string> WithPrefix(string prefix)
    {
        foreach (string id in _sourceById.Keys)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal) && (id.Length == prefix.Length || id[prefix.Length] == '('))
            {
                yield return id;
            }
        }
    }
}
