using System;

namespace NfBond.Firmware.Json;

/// <summary>Malformed JSON, with the line and column where reading stopped.</summary>
public sealed class JsonParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="problem">What was wrong there.</param>
    public JsonParseException(int line, int column, string problem)
        : base("line " + line.ToString() + ", column " + column.ToString() + ": " + problem)
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Gets the 1-based line.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column.</summary>
    public int Column { get; }

    /// <summary>Gets what was wrong, without the position.</summary>
    public string Problem { get; }
}
