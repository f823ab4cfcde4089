using NfBond.Hal.Linux;

namespace NfBond.Lab;

/// <summary>Makes sure the system tools the lab and the Linux executor use are installed (Debian packages).</summary>
public static class LabTools
{
    private static readonly (string Tool, string Package)[] s_needed =
    [
        ("ip", "iproute2"), ("tc", "iproute2"), ("nft", "nftables"), ("conntrack", "conntrack"), ("sysctl", "procps"),
    ];

    /// <summary>Installs the network lab's missing tools with apt-get; fails with a clear message when that is impossible.</summary>
    /// <param name="log">Progress output.</param>
    public static void Ensure(TextWriter log) => Ensure(log, s_needed);

    /// <summary>Installs missing tools with apt-get.</summary>
    /// <param name="log">Progress output.</param>
    /// <param name="needed">Each tool and the Debian package that has it.</param>
    public static void Ensure(TextWriter log, (string Tool, string Package)[] needed)
    {
        if (!IsRoot())
        {
            throw new InvalidOperationException("the lab builds network namespaces and needs root");
        }

        string[] missing = needed.Concat(s_needed).Where(n => !OnPath(n.Tool)).Select(n => n.Package).Distinct().ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        log.WriteLine($"lab: installing {string.Join(", ", missing)} (apt-get)");
        Environment.SetEnvironmentVariable("DEBIAN_FRONTEND", "noninteractive");
        CommandRunner.Run("apt-get", ["update"]);
        LabTopology.Run("apt-get", ["install", "-y", "--no-install-recommends", .. missing]);
    }

    private static bool IsRoot() => File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");

    private static bool OnPath(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin").Any(dir => File.Exists(Path.Combine(dir, tool)));
}
