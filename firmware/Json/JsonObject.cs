using System.Collections;

namespace NfBond.Firmware.Json;

/// <summary>A JSON object: members in document order with lookup by name.</summary>
/// <remarks>Values are <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="JsonObject"/>, <see cref="JsonArray"/> or null.</remarks>
public sealed class JsonObject
{
    private readonly ArrayList _names = new ArrayList();
    private readonly Hashtable _values = new Hashtable();

    /// <summary>Gets the number of members.</summary>
    public int Count => _names.Count;

    /// <summary>Gets the name of the member at <paramref name="index"/> in document order.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The member name.</returns>
    public string NameAt(int index)
    {
        return (string)_names[index]!;
    }

    /// <summary>Gets whether a member named <paramref name="name"/> exists (its value may be null).</summary>
    /// <param name="name">The member name.</param>
    /// <returns>True if present.</returns>
    public bool Contains(string name)
    {
        return _values.Contains(name);
    }

    /// <summary>Gets a member's value, or null when absent or null.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    public object? Get(string name)
    {
        return _values[name];
    }

    /// <summary>Adds a member.</summary>
    /// <param name="name">A name not yet present.</param>
    /// <param name="value">The value.</param>
    /// <returns>False if the name was already present (nothing is changed).</returns>
    public bool Add(string name, object? value)
    {
        if (_values.Contains(name))
        {
            return false;
        }

        _names.Add(name);
        _values[name] = value;
        return true;
    }
}
