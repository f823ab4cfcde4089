using System.Collections;

namespace NfBond.Firmware.Json;

/// <summary>A JSON array; element values are typed as in <see cref="JsonObject"/>.</summary>
public sealed class JsonArray
{
    private readonly ArrayList _items = new ArrayList();

    /// <summary>Gets the number of elements.</summary>
    public int Count => _items.Count;

    /// <summary>Gets the element at <paramref name="index"/>.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The element value.</returns>
    public object? this[int index] => _items[index];

    /// <summary>Appends an element.</summary>
    /// <param name="value">The value.</param>
    public void Add(object? value)
    {
        _items.Add(value);
    }
}
