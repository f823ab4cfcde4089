using System.Collections;

namespace NfBond.Firmware.Config;

/// <summary>
/// Everything wrong with one configuration document, each problem as
/// <c>path: what was found; what is allowed</c>, so an integrator can fix them all in one pass.
/// </summary>
public sealed class ConfigProblems
{
    private readonly ArrayList _items = new ArrayList();

    /// <summary>Gets the number of problems.</summary>
    public int Count => _items.Count;

    /// <summary>Gets a problem by index, in the order found.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    public string this[int index] => (string)_items[index]!;

    /// <summary>Copies the problems into an array, in the order found.</summary>
    /// <returns>One string per problem.</returns>
    public string[] ToArray()
    {
        string[] problems = new string[_items.Count];
        for (int i = 0; i < problems.Length; i++)
        {
            problems[i] = (string)_items[i]!;
        }

        return problems;
    }

    /// <summary>Records a problem.</summary>
    /// <param name="path">Where, as a JSON path such as <c>$.modems[1].uart.baud</c>.</param>
    /// <param name="message">What is wrong and what is allowed.</param>
    public void Add(string path, string message)
    {
        _items.Add(path + ": " + message);
    }
}
