using NfBond.Firmware.Json;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Config;

/// <summary>
/// Reads typed, range-checked values from one JSON object of a configuration document. Every bad or
/// missing value is recorded in <see cref="ConfigProblems"/> with its path, the value found and what is
/// allowed; reading goes on so all problems are reported at once.
/// </summary>
public sealed class ConfigNode
{
    private readonly JsonObject _object;
    private readonly ConfigProblems _problems;

    /// <summary>Wraps <paramref name="node"/> found at <paramref name="path"/>.</summary>
    /// <param name="node">The JSON object.</param>
    /// <param name="path">Its JSON path, "$" for the root.</param>
    /// <param name="problems">Where problems are recorded.</param>
    public ConfigNode(JsonObject node, string path, ConfigProblems problems)
    {
        _object = node;
        Path = path;
        _problems = problems;
    }

    /// <summary>
    /// Opens a configuration document: parses it, requires a JSON object at the root with the given
    /// format tag, and rejects unknown top-level keys. Every problem goes to <paramref name="problems"/>.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="what">What the document is, for messages ("a site file").</param>
    /// <param name="format">The required value of the root's "format" member.</param>
    /// <param name="knownKeys">The root's allowed members.</param>
    /// <param name="problems">Where problems are recorded.</param>
    /// <returns>The root, or null when the text is not a JSON object.</returns>
    public static ConfigNode? OpenDocument(string json, string what, string format, string[] knownKeys, ConfigProblems problems)
    {
        object? root;
        try
        {
            root = JsonReader.Parse(json);
        }
        catch (JsonParseException ex)
        {
            problems.Add("$", "not valid JSON: " + ex.Message);
            return null;
        }

        JsonObject? rootObject = root as JsonObject;
        if (rootObject == null)
        {
            problems.Add("$", Describe(root) + " is not allowed; " + what + " is a JSON object");
            return null;
        }

        ConfigNode node = new ConfigNode(rootObject, "$", problems);
        node.RejectUnknownKeys(knownKeys);
        string found = node.RequireString("format");
        if (found.Length > 0 && found != format)
        {
            problems.Add(node.PathOf("format"), "\"" + found + "\" is not allowed; allowed: " + format);
        }

        return node;
    }

    /// <summary>Gets this object's JSON path.</summary>
    public string Path { get; }

    /// <summary>Gets the shared problem list.</summary>
    public ConfigProblems Problems => _problems;

    /// <summary>Gets the path of a member of this object.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>For example <c>$.modems[0].baud</c>.</returns>
    public string PathOf(string key)
    {
        return Path + "." + key;
    }

    /// <summary>Tests whether the object has a member, even a null one.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>True if present.</returns>
    public bool Has(string key)
    {
        return _object.Contains(key);
    }

    /// <summary>Reads a required non-empty string.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>The value, or "" after recording a problem.</returns>
    public string RequireString(string key)
    {
        string? value = _object.Get(key) as string;
        if (value == null || value.Length == 0)
        {
            _problems.Add(PathOf(key), Found(key) + "; a non-empty string is required");
            return "";
        }

        return value;
    }

    /// <summary>Reads a required string that must be one of <paramref name="allowed"/> (ASCII case ignored).</summary>
    /// <param name="key">The member name.</param>
    /// <param name="allowed">The accepted values, in their canonical spelling.</param>
    /// <returns>The canonical spelling, or "" after recording a problem.</returns>
    public string RequireChoice(string key, string[] allowed)
    {
        string value = RequireString(key);
        if (value.Length == 0)
        {
            return "";
        }

        for (int i = 0; i < allowed.Length; i++)
        {
            if (CharClass.EqualsIgnoreCase(value, allowed[i]))
            {
                return allowed[i];
            }
        }

        _problems.Add(PathOf(key), "\"" + value + "\" is not allowed; allowed: " + StringUtil.Join(", ", allowed));
        return "";
    }

    /// <summary>Reads an optional string; absent or null gives <paramref name="absent"/>.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="absent">The value when the member is missing or null.</param>
    /// <returns>The value.</returns>
    public string OptionalString(string key, string absent)
    {
        object? value = _object.Get(key);
        if (value == null)
        {
            return absent;
        }

        if (value is string)
        {
            return (string)value;
        }

        _problems.Add(PathOf(key), Describe(value) + " is not allowed; a string is required");
        return absent;
    }

    /// <summary>Reads an optional choice; absent or null gives <paramref name="absent"/>.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="allowed">The accepted values, in their canonical spelling.</param>
    /// <param name="absent">The index returned when the member is missing or null.</param>
    /// <returns>The index of the value in <paramref name="allowed"/>, or <paramref name="absent"/> after recording a problem.</returns>
    public int OptionalChoiceIndex(string key, string[] allowed, int absent)
    {
        if (_object.Get(key) == null)
        {
            return absent;
        }

        int index = IndexOf(allowed, RequireChoice(key, allowed));
        return index < 0 ? absent : index;
    }

    /// <summary>Reads a required choice as an index into <paramref name="allowed"/>.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="allowed">The accepted values, in their canonical spelling.</param>
    /// <returns>The index, or 0 after recording a problem.</returns>
    public int RequireChoiceIndex(string key, string[] allowed)
    {
        int index = IndexOf(allowed, RequireChoice(key, allowed));
        return index < 0 ? 0 : index;
    }

    /// <summary>Reads a required integer within a range.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <returns>The value, or <paramref name="min"/> after recording a problem.</returns>
    public int RequireInt(string key, int min, int max)
    {
        if (!_object.Contains(key))
        {
            _problems.Add(PathOf(key), "missing; an integer from " + min.ToString() + " to " + max.ToString() + " is required");
            return min;
        }

        return ReadInt(key, min, max, min);
    }

    /// <summary>Reads an optional integer within a range; absent or null gives <paramref name="absent"/>.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <param name="absent">The value when the member is missing or null.</param>
    /// <returns>The value.</returns>
    public int OptionalInt(string key, int min, int max, int absent)
    {
        if (_object.Get(key) == null)
        {
            return absent;
        }

        return ReadInt(key, min, max, absent);
    }

    /// <summary>Reads an optional boolean.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="absent">The value when the member is missing or null.</param>
    /// <returns>The value.</returns>
    public bool OptionalBool(string key, bool absent)
    {
        object? value = _object.Get(key);
        if (value == null)
        {
            return absent;
        }

        if (value is bool)
        {
            return (bool)value;
        }

        _problems.Add(PathOf(key), Describe(value) + " is not allowed; true or false is required");
        return absent;
    }

    /// <summary>Reads a required object.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>The object, or null after recording a problem.</returns>
    public ConfigNode? RequireObject(string key)
    {
        JsonObject? value = _object.Get(key) as JsonObject;
        if (value == null)
        {
            _problems.Add(PathOf(key), Found(key) + "; an object is required");
            return null;
        }

        return new ConfigNode(value, PathOf(key), _problems);
    }

    /// <summary>Reads an optional object.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>The object, or null when absent, null, or of the wrong type (recorded).</returns>
    public ConfigNode? OptionalObject(string key)
    {
        return _object.Get(key) == null ? null : RequireObject(key);
    }

    /// <summary>Reads a required array with a bounded number of elements.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="minCount">Fewest elements allowed.</param>
    /// <param name="maxCount">Most elements allowed.</param>
    /// <returns>The array, or null after recording a problem.</returns>
    public JsonArray? RequireArray(string key, int minCount, int maxCount)
    {
        JsonArray? value = _object.Get(key) as JsonArray;
        if (value == null)
        {
            _problems.Add(PathOf(key), Found(key) + "; an array is required");
            return null;
        }

        if (value.Count < minCount || value.Count > maxCount)
        {
            _problems.Add(PathOf(key), value.Count.ToString() + " entries; from " + minCount.ToString() + " to " + maxCount.ToString() + " are allowed");
        }

        return value;
    }

    /// <summary>Gets element <paramref name="index"/> of <paramref name="array"/> as an object.</summary>
    /// <param name="array">An array read from member <paramref name="key"/>.</param>
    /// <param name="key">The array's member name.</param>
    /// <param name="index">The element index.</param>
    /// <returns>The element, or null after recording a problem.</returns>
    public ConfigNode? ObjectAt(JsonArray array, string key, int index)
    {
        string path = PathOf(key) + "[" + index.ToString() + "]";
        JsonObject? element = array[index] as JsonObject;
        if (element == null)
        {
            _problems.Add(path, Describe(array[index]) + " is not allowed; an object is required");
            return null;
        }

        return new ConfigNode(element, path, _problems);
    }

    /// <summary>Records every member not in <paramref name="known"/>, which catches misspelt keys.</summary>
    /// <param name="known">The member names this object may have.</param>
    public void RejectUnknownKeys(string[] known)
    {
        for (int i = 0; i < _object.Count; i++)
        {
            string name = _object.NameAt(i);
            bool found = false;
            for (int k = 0; k < known.Length && !found; k++)
            {
                found = known[k] == name;
            }

            if (!found)
            {
                _problems.Add(PathOf(name), "unknown key; allowed keys: " + StringUtil.Join(", ", known));
            }
        }
    }

    /// <summary>Renders a JSON value for an error message.</summary>
    /// <param name="value">The value as read.</param>
    /// <returns>For example <c>"abc"</c>, <c>42</c>, <c>an object</c>, <c>null</c>.</returns>
    public static string Describe(object? value)
    {
        if (value == null)
        {
            return "null";
        }

        if (value is string)
        {
            return "\"" + (string)value + "\"";
        }

        if (value is long)
        {
            return ((long)value).ToString();
        }

        if (value is double)
        {
            return DecimalText.Of((double)value);
        }

        if (value is bool)
        {
            return (bool)value ? "true" : "false";
        }

        return value is JsonArray ? "an array" : "an object";
    }

    private static int IndexOf(string[] allowed, string value)
    {
        for (int i = 0; i < allowed.Length; i++)
        {
            if (allowed[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    // The first half of a "wrong or missing" message: what the document has for this key.
    private string Found(string key)
    {
        return _object.Contains(key) ? Describe(_object.Get(key)) + " is not allowed" : "missing";
    }

    private int ReadInt(string key, int min, int max, int fallback)
    {
        object? value = _object.Get(key);
        if (value is long)
        {
            long number = (long)value;
            if (number >= min && number <= max)
            {
                return (int)number;
            }
        }

        _problems.Add(PathOf(key), Describe(value) + " is not allowed; an integer from " + min.ToString() + " to " + max.ToString() + " is required");
        return fallback;
    }
}
