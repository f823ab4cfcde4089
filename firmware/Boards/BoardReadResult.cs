using NfBond.Firmware.Config;

namespace NfBond.Firmware.Boards;

/// <summary>The outcome of reading a board file: the board, or every problem found.</summary>
public sealed class BoardReadResult
{
    internal BoardReadResult(BoardDefinition? board, ConfigProblems problems)
    {
        Board = board;
        Problems = problems;
    }

    /// <summary>Gets the board when the file was valid, else null.</summary>
    public BoardDefinition? Board { get; }

    /// <summary>Gets the problems, each "path: what; what is allowed". Empty when valid.</summary>
    public ConfigProblems Problems { get; }
}
