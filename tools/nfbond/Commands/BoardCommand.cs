using System.CommandLine;
using NfBond.Firmware.Boards;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond board validate FILE</c>: checks a board definition.</summary>
public static class BoardCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Argument<FileInfo> file = new("file") { Description = "the board definition (boards/*.json)" };
        Command validate = new("validate", "Validate a board definition; every problem is printed as file: path: what; what is allowed.")
        {
            file,
        };
        validate.SetAction(result =>
        {
            FileInfo info = result.GetValue(file)!;
            BoardReadResult read = Load(info, result.InvocationConfiguration.Error);
            if (read.Board == null)
            {
                return NfBondCli.BadInput;
            }

            result.InvocationConfiguration.Output.WriteLine($"{info.FullName}: valid board {read.Board.Id} ({read.Board.Modems.Length} modem port(s))");
            return 0;
        });
        return new Command("board", "Board definitions.") { validate };
    }

    /// <summary>Reads and validates a board file, printing each problem to <paramref name="error"/>.</summary>
    /// <returns>The result; its Board is null when the file is missing or invalid.</returns>
    public static BoardReadResult Load(FileInfo file, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"{file.FullName}: no such file");
            return BoardDefinitionReader.Read("");
        }

        BoardReadResult read = BoardDefinitionReader.Read(File.ReadAllText(file.FullName));
        for (int i = 0; i < read.Problems.Count; i++)
        {
            error.WriteLine($"{file.FullName}: {read.Problems[i]}");
        }

        return read;
    }
}
