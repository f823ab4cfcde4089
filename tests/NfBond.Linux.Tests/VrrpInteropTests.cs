using System.Diagnostics;
using NfBond.Cli.Commands;
using NfBond.Hal.Linux;
using NfBond.Lab;

namespace NfBond.Linux.Tests;

/// <summary>
/// Our VRRP against the real keepalived (Debian's 2.2.7) on a bridged LAN in namespaces, with 100 ms
/// advertisements. Needs root; installs keepalived, arping, ping and tshark if missing.
/// </summary>
[Collection("namespaces")]
public class VrrpInteropTests : IDisposable
{
    private static readonly string[] s_nfbond = LabCommand.SelfCommand();

    public VrrpInteropTests()
    {
        VrrpLab.Up();
    }

    public void Dispose()
    {
        VrrpLab.Down();
        GC.SuppressFinalize(this);
    }

    private static double Ms(long fromTicks, long? toTicks) => toTicks == null ? -1 : (toTicks.Value - fromTicks) * 1000.0 / Stopwatch.Frequency;

    [Fact]
    public void Ours_stays_backup_under_keepalived_and_takes_over_with_the_address_when_it_dies()
    {
        using VrrpDaemon keepalived = VrrpLab.Keepalived("a", 200, 0.1);
        Assert.NotNull(keepalived.WaitFor("master", 0, 5000));
        using VrrpDaemon ours = VrrpLab.Ours(s_nfbond, "b", 100, "100ms");
        long? settled = ours.WaitFor("backup", 0, 10_000);
        Assert.NotNull(settled);
        // Stays backup under a live master: no claim to master within 2 s (fails at the first one).
        Assert.Null(ours.WaitFor("master", settled.Value, 2000));
        Assert.Equal("master", keepalived.State);
        Assert.True(VrrpLab.HoldsVip("a"));
        Assert.False(VrrpLab.HoldsVip("b"));

        // Router a dies: its daemon is killed (no resignation) and its port goes dark.
        long died = Stopwatch.GetTimestamp();
        keepalived.Kill();
        VrrpLab.Cut("a", true);
        double takeover = Ms(died, ours.WaitFor("master", died, 5000));
        // Master_Down_Interval for priority 100 at 100 ms is 300 + 60 ms.
        Assert.InRange(takeover, 0, 1000);
        Assert.True(VrrpLab.HoldsVip("b"));
        Assert.True(VrrpLab.VipAnswers(), "the virtual address does not answer from b:\n" + ours.Output);
    }

    [Fact]
    public void Unicast_peers_interoperate_with_keepalived()
    {
        using VrrpDaemon keepalived = VrrpLab.Keepalived("a", 200, 0.1, unicastPeer: "b");
        Assert.NotNull(keepalived.WaitFor("master", 0, 5000));
        using VrrpDaemon ours = VrrpLab.Ours(s_nfbond, "b", 100, "100ms", "--unicast-peer", VrrpLab.Address("a"));
        long? oursBackup = ours.WaitFor("backup", 0, 10_000);
        Assert.NotNull(oursBackup);
        Assert.Null(ours.WaitFor("master", oursBackup.Value, 1500));

        // Now ours outranks it: stop keepalived gracefully, restart it lower, and it must stay backup.
        keepalived.Dispose();
        Assert.NotNull(ours.WaitFor("master", 0, 5000));
        using VrrpDaemon lower = VrrpLab.Keepalived("a", 50, 0.1, unicastPeer: "b");
        long? lowerBackup = lower.WaitFor("backup", 0, 5000);
        Assert.NotNull(lowerBackup);
        Assert.Null(lower.WaitFor("master", lowerBackup.Value, 1500));
        Assert.Equal("master", ours.State);
    }

    [Fact]
    public void Ours_with_higher_priority_preempts_keepalived_which_backs_off()
    {
        using VrrpDaemon keepalived = VrrpLab.Keepalived("a", 100, 0.1);
        Assert.NotNull(keepalived.WaitFor("master", 0, 5000));
        long start = Stopwatch.GetTimestamp();
        using VrrpDaemon ours = VrrpLab.Ours(s_nfbond, "b", 200, "100ms");
        Assert.NotNull(ours.WaitFor("master", start, 10_000));
        Assert.NotNull(keepalived.WaitFor("backup", start, 5000));
        Eventually.Holds(() => VrrpLab.HoldsVip("b") && !VrrpLab.HoldsVip("a"), 5000, "the virtual address to move from a to b");
        Assert.True(VrrpLab.VipAnswers());
    }

    [Fact]
    public void A_split_brain_heals_within_one_advert_interval()
    {
        using VrrpDaemon ours = VrrpLab.Ours(s_nfbond, "a", 200, "100ms");
        Assert.NotNull(ours.WaitFor("master", 0, 10_000));
        using VrrpDaemon keepalived = VrrpLab.Keepalived("b", 100, 0.1);
        // keepalived may claim master for a moment before it hears us: wait until it has settled.
        // Its first backup state is the one it starts in: it has heard us once it stays backup past its
        // master down interval (360 ms).
        Eventually.Holds(() => keepalived.State == "backup" && keepalived.WaitFor("master", Stopwatch.GetTimestamp(), 600) == null,
            5000, "keepalived to settle as backup");

        VrrpLab.Partition("b", true);
        long split = Stopwatch.GetTimestamp();
        Assert.NotNull(keepalived.WaitFor("master", split, 5000));
        Assert.Equal("master", ours.State);

        // The heal takes effect while the nft command still runs, and our next advertisement can land
        // before it returns: the clock starts before the command, or that backup transition is missed.
        long healed = Stopwatch.GetTimestamp();
        VrrpLab.Partition("b", false);
        double settle = Ms(healed, keepalived.WaitFor("backup", healed, 5000));
        // One advertisement interval, plus scheduling slack on a shared machine.
        Assert.True(settle >= 0 && settle <= 2 * 100, $"healed after {settle} ms\nkeepalived:\n{keepalived.Output}\nours:\n{ours.Output}");
        Assert.Equal("master", ours.State);
    }

    [Fact]
    public void Both_checksum_modes_elect_between_our_instances_and_a_mismatch_with_keepalived_is_counted()
    {
        // The higher one first: started together, the lower one can take master for a moment before the other's
        // process is up to advertise (a dotnet start on a loaded machine outlasts a 360 ms master down interval).
        using (VrrpDaemon high = VrrpLab.Ours(s_nfbond, "a", 200, "100ms", "--checksum", "v2"))
        {
            Assert.NotNull(high.WaitFor("master", 0, 10_000));
            using VrrpDaemon low = VrrpLab.Ours(s_nfbond, "b", 100, "100ms", "--checksum", "v2");
            long? lowBackup = low.WaitFor("backup", 0, 10_000);
            Assert.NotNull(lowBackup);
            Assert.Null(low.WaitFor("master", lowBackup.Value, 1500));
        }

        // keepalived 2.2.7 predates v3_checksum_as_v2: its RFC checksums fail our v2 check, are counted,
        // and we (rightly) do not obey them.
        using VrrpDaemon keepalived = VrrpLab.Keepalived("a", 200, 0.1);
        Assert.NotNull(keepalived.WaitFor("master", 0, 5000));
        VrrpDaemon mismatched = VrrpLab.Ours(s_nfbond, "b", 100, "100ms", "--checksum", "v2");
        Assert.NotNull(mismatched.WaitFor("master", 0, 10_000));
        mismatched.Dispose();
        Assert.Matches("dropped: .*BadChecksum [1-9]", mismatched.Output);
    }

    [Fact]
    public void Our_udp_carrier_elects_and_fails_over_between_our_instances()
    {
        using VrrpDaemon high = VrrpLab.Ours(s_nfbond, "a", 200, "100ms", "--transport", "udp");
        Assert.NotNull(high.WaitFor("master", 0, 10_000));
        using VrrpDaemon low = VrrpLab.Ours(s_nfbond, "b", 100, "100ms", "--transport", "udp");
        long? udpBackup = low.WaitFor("backup", 0, 10_000);
        Assert.NotNull(udpBackup);
        Assert.Null(low.WaitFor("master", udpBackup.Value, 1000));

        VrrpLab.Cut("a", true);
        long died = Stopwatch.GetTimestamp();
        high.Kill();
        Assert.InRange(Ms(died, low.WaitFor("master", died, 5000)), 0, 1000);
        Assert.True(VrrpLab.VipAnswers());
    }

    [Theory]
    [InlineData("rfc", "FALSE")]
    [InlineData("v2", "TRUE")]
    public void Tshark_decodes_our_advertisements_with_good_checksums(string mode, string asV2)
    {
        using VrrpDaemon ours = VrrpLab.Ours(s_nfbond, "a", 150, "100ms", "--checksum", mode);
        Assert.NotNull(ours.WaitFor("master", 0, 10_000));
        (int exit, string _) = CommandRunner.Run("ip", ["netns", "exec", VrrpLab.Namespace("c"), "sh", "-c",
            $"tshark -i c0 -c 5 -a duration:5 -f 'ip proto 112' -o vrrp.v3_checksum_as_in_v2:{asV2} -V > /tmp/nfbond-tshark-{mode}.txt 2>/dev/null"]);
        string decoded = File.ReadAllText($"/tmp/nfbond-tshark-{mode}.txt");
        Assert.Equal(0, exit);
        Assert.Equal(5, CountOf(decoded, "Virtual Router Redundancy Protocol"));
        Assert.Equal(5, CountOf(decoded, "[Checksum Status: Good]"));
        Assert.Contains("Virtual Rtr ID: 51", decoded);
        Assert.Contains("Adver Int: 10", decoded);
        Assert.Contains("IP Address: 192.168.60.254", decoded);
    }

    private static int CountOf(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
