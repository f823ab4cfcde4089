using System.CommandLine;
using NfBond.Firmware.Config;
using NfBond.Firmware.Links;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond config validate FILE</c>: checks a site file (links, probes, detection, dampening).</summary>
public static class ConfigCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Argument<FileInfo> file = new("file") { Description = "the site file (format nfbond-site/1)" };
        Command validate = new("validate", "Validate a site file; each problem is printed as file: path: what; what is allowed, each diversity risk as a warning.")
        {
            file,
        };
        validate.SetAction(result =>
        {
            FileInfo info = result.GetValue(file)!;
            SiteReadResult read = Load(info, result.InvocationConfiguration.Error);
            if (read.Site == null)
            {
                return NfBondCli.BadInput;
            }

            TextWriter output = result.InvocationConfiguration.Output;
            output.WriteLine($"{info.FullName}: valid site {read.Site.Name}, {read.Site.Links.Length} link(s), {read.Warnings.Count} warning(s)");
            foreach (LinkDefinition link in read.Site.Links)
            {
                DetectionSettings d = link.Detection;
                output.WriteLine($"  {link.Name}: {LinkTypes.Name(link.Type)} {LinkTypes.RoleName(link.Role)} on {link.Interface}, {link.DownKbps} kbit/s, {(link.Metered ? $"metered{(link.CapMb > 0 ? $" {link.CapMb} MB from day {link.BillingDay}" : "")}" : "unmetered")}; "
                    + $"{link.Reliability} of {link.Targets.Length} targets every {d.IntervalMs} ms ({d.Profile}), down after {d.DeadIntervalMs} ms");
            }

            return 0;
        });
        return new Command("config", "Site configuration.") { validate };
    }

    /// <summary>Reads and validates a site file, printing problems and warnings to <paramref name="error"/>.</summary>
    /// <param name="file">The file.</param>
    /// <param name="error">Where problems and warnings go.</param>
    /// <returns>The result; its Site is null when the file is missing or invalid.</returns>
    public static SiteReadResult Load(FileInfo file, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"{file.FullName}: no such file");
            return SiteDefinitionReader.Read("");
        }

        SiteReadResult read = SiteDefinitionReader.Read(File.ReadAllText(file.FullName));
        for (int i = 0; i < read.Problems.Count; i++)
        {
            error.WriteLine($"{file.FullName}: {read.Problems[i]}");
        }

        for (int i = 0; i < read.Warnings.Count; i++)
        {
            error.WriteLine($"{file.FullName}: warning: {read.Warnings[i]}");
        }

        return read;
    }
}
