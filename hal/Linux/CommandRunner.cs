using System.Diagnostics;
using System.Text;

namespace NfBond.Hal.Linux;

/// <summary>Runs a system tool (ip, nft, conntrack) and reports how it ended.</summary>
public static class CommandRunner
{
    /// <summary>Runs a program to completion.</summary>
    /// <param name="program">The program, found on PATH.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="stdin">Text to feed on standard input, or null.</param>
    /// <returns>The exit code and what it printed on standard error.</returns>
    public static (int Exit, string Error) Run(string program, string[] args, string? stdin = null)
    {
        ProcessStartInfo info = new(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        if (stdin != null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        StringBuilder error = new();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        lock (error)
        {
            return (process.ExitCode, error.ToString().Trim());
        }
    }

    /// <summary>Describes a command line for an error message.</summary>
    /// <param name="program">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>For example <c>ip route replace default ...</c>.</returns>
    public static string Describe(string program, string[] args) => program + " " + string.Join(' ', args);
}
