namespace NfBond.Tests.Shared;

/// <summary>Finds the repository root (the folder holding nf-bond.sln) from a test binary.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nf-bond.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("nf-bond.sln not found above " + AppContext.BaseDirectory);
    }
}
