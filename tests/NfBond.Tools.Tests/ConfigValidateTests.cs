using static NfBond.Tools.Tests.CliRun;

namespace NfBond.Tools.Tests;

public class ConfigValidateTests
{
    private static string Write(string json)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("nfbond-site").FullName, "site.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Site(string links) => "{\"format\":\"nfbond-site/1\",\"site\":\"s\",\"links\":[" + links + "]}";

    private const string Fiber = "{\"name\":\"fiber\",\"type\":\"fiber\",\"provider\":\"Telekom\",\"interface\":\"wan1\",\"downKbps\":100000,\"role\":\"primary\"}";

    [Fact]
    public void The_example_site_is_valid_and_summarised()
    {
        (int exit, string output, string err) = Run("config", "validate", Path.Combine(RepoPaths.Root, "docs", "examples", "site-bakery.json"));
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("valid site bakery-berlin, 2 link(s), 0 warning(s)", output);
        Assert.Contains("lte: lte backup on wwan0, 50000 kbit/s, metered 30000 MB from day 1", output);
        Assert.Contains("down after 2250 ms", output);
    }

    [Fact]
    public void Sim_settings_are_checked_and_a_password_or_pin_is_never_echoed()
    {
        string lte = "{\"name\":\"lte\",\"type\":\"lte\",\"interface\":\"wwan0\",\"downKbps\":50000,\"role\":\"backup\",\"modem\":\"modem1\",\"sim\":";
        string path = Write(Site(Fiber.Replace("\"role\":\"primary\"", "\"role\":\"primary\",\"sim\":{\"apn\":\"x\"}", StringComparison.Ordinal) + ","
            + lte + "{\"apn\":\"web..vodafone.de\",\"pdpType\":\"IPV5\",\"password\":\"geheim\\u0001\",\"auth\":\"chap\",\"pin\":\"12a4\",\"puk\":\"1\"}}"));

        (int exit, _, string err) = Run("config", "validate", path);

        Assert.Equal(2, exit);
        string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(path.Length + 2)..]).ToArray();
        Assert.Contains("$.links[0].sim: is not allowed on a link without a modem; SIM settings belong to an lte or 5g link with \"modem\"", lines);
        Assert.Contains("$.links[1].sim.apn: \"web..vodafone.de\" is not allowed; an APN of 1 to 62 characters: letters, digits, '-' and '.' between labels (e.g. \"internet.telekom\")", lines);
        Assert.Contains("$.links[1].sim.pdpType: \"IPV5\" is not allowed; allowed: IP, IPV6, IPV4V6", lines);
        Assert.Contains("$.links[1].sim.password: is not allowed; up to 64 printable characters without '\"'", lines);
        Assert.Contains("$.links[1].sim.auth: \"chap\" needs a \"user\" (and usually a \"password\")", lines);
        Assert.Contains("$.links[1].sim.pin: is not allowed; a SIM PIN is 4 to 8 digits", lines);
        Assert.Contains(lines, l => l.StartsWith("$.links[1].sim.puk: unknown key", StringComparison.Ordinal));
        Assert.DoesNotContain("geheim", err, StringComparison.Ordinal);
        Assert.DoesNotContain("12a4", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_apn_examples_are_valid()
    {
        (int exit, string output, string err) = Run("config", "validate", Path.Combine(RepoPaths.Root, "docs", "examples", "site-sim-apn.json"));
        Assert.True(exit == 0, err);
        Assert.Contains("valid site", output);
    }

    [Fact]
    public void Each_problem_names_its_path_the_value_and_what_is_allowed()
    {
        string path = Write(Site(
            "{\"name\":\"fiber\",\"type\":\"fibre\",\"interface\":\"wan1\",\"downKbps\":10,\"role\":\"primary\",\"gateway\":\"300.1.1.1\",\"modem\":\"modem1\",\"detection\":{\"intervalMs\":100,\"timeoutMs\":500}},"
            + "{\"name\":\"fiber\",\"type\":\"lte\",\"interface\":\"wwan0\",\"downKbps\":50000,\"role\":\"backup\",\"capMb\":5,\"targets\":[{\"kind\":\"modem-ping\",\"host\":\"8.8.8.8\"},{\"kind\":\"smtp\",\"host\":\"x\"}],\"colour\":\"red\"}"));

        (int exit, _, string err) = Run("config", "validate", path);

        Assert.Equal(2, exit);
        string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(path.Length + 2)..]).ToArray();
        Assert.Contains("$.links[0].type: \"fibre\" is not allowed; allowed: fiber, dsl, cable, lte, 5g, starlink, radio", lines);
        Assert.Contains("$.links[0].gateway: \"300.1.1.1\" is not allowed; an IPv4 or IPv6 address is required", lines);
        Assert.Contains("$.links[0].downKbps: 10 is not allowed; an integer from 64 to 100000000 is required", lines);
        Assert.Contains(lines, l => l.StartsWith("$.links[0].modem: \"modem1\" is not allowed on a ", StringComparison.Ordinal));
        Assert.Contains("$.links[0].detection.timeoutMs: 500 is not allowed; at most intervalMs (100) so one round ends before the next starts", lines);
        Assert.Contains(lines, l => l.StartsWith("$.links[1].name: \"fiber\" is not allowed; it names $.links[0] already", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.links[1].capMb: 5 is not allowed on an unmetered link", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.links[1].targets[0].kind: \"modem-ping\" is not allowed on link \"fiber\", which has no modem", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.links[1].targets[1].kind: \"smtp\" is not allowed; allowed: tcp, dns, http, https, icmp, modem-ping", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.links[1].colour: unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void A_site_of_backups_only_is_rejected()
    {
        (int exit, _, string err) = Run("config", "validate", Write(Site(Fiber.Replace("primary", "backup"))));
        Assert.Equal(2, exit);
        Assert.Contains("$.links: every link has role \"backup\"; at least one link must be \"primary\" or \"active\"", err);
    }

    [Fact]
    public void Shared_provider_and_shared_mobile_network_are_warned_about()
    {
        string dsl = "{\"name\":\"dsl\",\"type\":\"dsl\",\"provider\":\"telekom\",\"interface\":\"wan2\",\"downKbps\":50000,\"role\":\"backup\"}";
        string lte1 = "{\"name\":\"lte1\",\"type\":\"lte\",\"interface\":\"wwan0\",\"downKbps\":50000,\"role\":\"backup\",\"modem\":\"modem1\",\"mccMnc\":\"262-01\"}";
        string lte2 = "{\"name\":\"lte2\",\"type\":\"5g\",\"interface\":\"wwan1\",\"downKbps\":50000,\"role\":\"backup\",\"modem\":\"modem2\",\"mccMnc\":\"26201\"}";

        (int exit, string output, string err) = Run("config", "validate", Write(Site(Fiber + "," + dsl + "," + lte1 + "," + lte2)));

        Assert.Equal(0, exit);
        Assert.Contains("2 warning(s)", output);
        Assert.Contains("warning: $.links[1].provider: links \"fiber\" and \"dsl\" share provider \"telekom\" (fiber and dsl from one provider usually share the exchange and the backbone)", err);
        Assert.Contains("warning: $.links[3].mccMnc: links \"lte1\" and \"lte2\" are both on mobile network 262-01", err);
    }

    [Fact]
    public void A_single_probe_target_is_warned_about()
    {
        string one = Fiber.Replace("}", ",\"targets\":[{\"kind\":\"tcp\",\"host\":\"1.1.1.1\"}]}");
        (int exit, _, string err) = Run("config", "validate", Write(Site(one)));
        Assert.Equal(0, exit);
        Assert.Contains("warning: $.links[0].targets: 1 probe target; if it stops answering the link is declared down although it works", err);
    }

    [Fact]
    public void Broken_json_is_reported_with_line_and_column()
    {
        (int exit, _, string err) = Run("config", "validate", Write("{\"format\": \"nfbond-site/1\",\n \"links\": [}"));
        Assert.Equal(2, exit);
        Assert.Contains(": $: not valid JSON: ", err);
        Assert.Contains("line 2", err);
    }
}
