using System.Diagnostics;
using System.Net;
using NfBond.Hal.Linux;
using NfBond.Hal.Linux.Bonding;
using NfBond.Lab;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>A path pinned to a link whose interface is missing at start, or made again later (a modem reset), finds it again.</summary>
[Collection("lab")]
public class ClientPathsTests
{
    private const string Namespace = "nfb-cpath";

    [Fact]
    public void A_path_whose_interface_comes_late_or_is_made_again_is_pinned_to_it_and_sends_nothing_elsewhere_meanwhile()
    {
        CommandRunner.Run("ip", ["netns", "del", Namespace]);
        LabTopology.Run("ip", "netns", "add", Namespace);
        try
        {
            using ClientPaths paths = NetworkNamespace.Run(Namespace, () => ClientPaths.Pinned(["nfbx0"], [7], [new IPEndPoint(IPAddress.Parse("203.0.113.9"), 7070)]));
            byte[] datagram = new byte[100];
            Assert.False(paths.IsPinned(0));
            Assert.False(paths.Send(0, datagram));

            AddInterface();
            Assert.True(SendsWithin(paths, datagram, 3000), "the path did not take the interface that came");
            Assert.True(paths.IsPinned(0));

            // A modem's USB reset: the interface goes and comes back under a new index.
            LabTopology.Run("ip", "-n", Namespace, "link", "del", "nfbx0");
            Assert.False(paths.Send(0, datagram));
            AddInterface();
            Assert.True(SendsWithin(paths, datagram, 3000), "the path did not find the interface made again");
        }
        finally
        {
            CommandRunner.Run("ip", ["netns", "del", Namespace]);
        }
    }

    private static void AddInterface()
    {
        LabTopology.Run("ip", "-n", Namespace, "link", "add", "nfbx0", "type", "veth", "peer", "name", "nfbx1");
        LabTopology.Run("ip", "-n", Namespace, "link", "set", "nfbx1", "up");
        LabTopology.Run("ip", "-n", Namespace, "addr", "add", "192.0.2.1/24", "dev", "nfbx0");
        LabTopology.Run("ip", "-n", Namespace, "link", "set", "nfbx0", "up");
        LabTopology.Run("ip", "-n", Namespace, "route", "add", "203.0.113.0/24", "dev", "nfbx0");
    }

    private static bool SendsWithin(ClientPaths paths, byte[] datagram, int ms)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.ElapsedMilliseconds < ms)
        {
            if (paths.Send(0, datagram))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }
}
