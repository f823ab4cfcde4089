using static NfBond.Tools.Tests.CliRun;

namespace NfBond.Tools.Tests;

public class VrrpCommandTests
{
    [Fact]
    public void Bad_vrrp_options_are_all_reported_with_what_is_allowed()
    {
        (int exit, _, string err) = Run("vrrp", "--iface", "eth0", "--vrid", "300", "--priority", "0", "--advert", "5ms", "--vip", "192.168.1.300/24", "--vip", "10.0.0.1", "--checksum", "md5", "--transport", "tcp");
        Assert.Equal(2, exit);
        Assert.Contains("--advert 5ms is not allowed; 10 ms to 40.95 s in steps of 10 ms", err);
        Assert.Contains("--vip \"192.168.1.300\" is not allowed; an IPv4 address is required", err);
        Assert.Contains("--vip 10.0.0.1: give the prefix length too, e.g. 10.0.0.1/24", err);
        Assert.Contains("--checksum \"md5\" is not allowed; rfc or v2", err);
        Assert.Contains("--transport \"tcp\" is not allowed; raw or udp", err);
        Assert.Contains("--vrid 300 is not allowed; 1 to 255", err);
        Assert.Contains("--priority 0 is not allowed; 1 to 255", err);
    }

    [Theory]
    [InlineData("100ms", 10)]
    [InlineData("0.3s", 30)]
    [InlineData("1s", 100)]
    [InlineData("40.95", 4095)]
    public void Advert_intervals_parse_to_centiseconds(string text, int cs)
    {
        List<string> problems = [];
        Assert.Equal(cs, NfBond.Cli.Commands.VrrpCommand.ParseInterval(text, problems));
        Assert.Empty(problems);
    }
}
