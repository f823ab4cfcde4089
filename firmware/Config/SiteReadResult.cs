namespace NfBond.Firmware.Config;

/// <summary>The outcome of reading a site file: the site or every problem, and warnings either way.</summary>
public sealed class SiteReadResult
{
    internal SiteReadResult(SiteDefinition? site, ConfigProblems problems, ConfigProblems warnings)
    {
        Site = site;
        Problems = problems;
        Warnings = warnings;
    }

    /// <summary>Gets the site when the file was valid, else null.</summary>
    public SiteDefinition? Site { get; }

    /// <summary>Gets the problems, each "path: what; what is allowed". Empty when valid.</summary>
    public ConfigProblems Problems { get; }

    /// <summary>Gets the warnings: valid but risky choices, such as two links from one provider.</summary>
    public ConfigProblems Warnings { get; }
}
