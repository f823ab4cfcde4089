using System.CommandLine;
using NfBond.Portability;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond nfproj sync</c>: keeps the Visual Studio nanoFramework projects' Compile lists equal to their folders.</summary>
public static class NfprojCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<DirectoryInfo> root = new("--root") { Description = "the repository (default: the current directory)", DefaultValueFactory = _ => new DirectoryInfo(".") };
        Command sync = new("sync", "Rewrite the Compile lists of firmware/, hal/Contracts and hal/Nano .nfproj files to the .cs files on disk.") { root };
        sync.SetAction(result =>
        {
            string repo = result.GetValue(root)!.FullName;
            foreach ((string folder, string project) in NfprojCompileList.Projects)
            {
                string path = Path.Combine(repo, folder, project);
                if (!File.Exists(path))
                {
                    result.InvocationConfiguration.Error.WriteLine($"nfbond nfproj sync: {path} not found; give --root with the repository");
                    return NfBondCli.BadInput;
                }

                bool changed = NfprojCompileList.Sync(Path.Combine(repo, folder), path);
                result.InvocationConfiguration.Output.WriteLine($"{folder}/{project}: {(changed ? "updated" : "up to date")}");
            }

            return 0;
        });
        return new Command("nfproj", "The Visual Studio nanoFramework projects (.nfproj).") { sync };
    }
}
