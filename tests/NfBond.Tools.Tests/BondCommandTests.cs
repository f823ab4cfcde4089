namespace NfBond.Tools.Tests;

/// <summary><c>nfbond bond</c>: keys, and what a wrong path, site or key file is told.</summary>
public class BondCommandTests
{
    [Fact]
    public void A_printed_key_is_64_hex_digits_and_new_each_time()
    {
        (int exit, string first, _) = CliRun.Run("bond", "key");
        (_, string second, _) = CliRun.Run("bond", "key");
        Assert.Equal(0, exit);
        Assert.Matches("^[0-9a-f]{64}$", first.Trim());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_client_with_wrong_paths_and_key_is_told_each_mistake_and_starts_nothing()
    {
        string key = Path.GetTempFileName();
        File.WriteAllText(key, "abc");
        (int exit, _, string error) = CliRun.Run("bond", "client", "--session", "0", "--key", key,
            "--path", "100.64.1.2=203.0.113.5:7070@20", "--path", "100.64.2.2:203.0.113.5@10", "--path", "100.64.3.2=203.0.113.5:7070@fast", "--address", "10.99.0.2", "--lan", "nolan9");

        Assert.Equal(2, exit);
        Assert.Equal(
            [
                "nfbond bond client: --path \"100.64.2.2:203.0.113.5@10\" is not allowed; LOCAL=SERVER:PORT@MBIT with IPv4 addresses, e.g. 100.64.1.2=203.0.113.5:7070@20",
                "nfbond bond client: --path \"100.64.3.2=203.0.113.5:7070@fast\": rate \"fast\" is not allowed; Mbit/s from 0.01 to 100000",
                $"nfbond bond client: --key: key file {key} holds 3 characters; 64 hex digits are required (nfbond bond key prints one)",
                "nfbond bond client: --address: tunnel address \"10.99.0.2\" is not allowed; an IPv4 address with a prefix from /1 to /31, e.g. 10.99.0.2/30",
                "nfbond bond client: --session 0 is not allowed; 1 to 4294967295",
            ],
            error.TrimEnd().Split('\n')[..^1]);
        Assert.StartsWith("nfbond bond client: --lan \"nolan9\": this router has no such interface; one of lo", error.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_refuses_two_sites_with_one_session_and_unreadable_keys()
    {
        string key = Path.GetTempFileName();
        File.WriteAllText(key, new string('a', 64) + "\n");
        (int exit, _, string error) = CliRun.Run("bond", "server", "--listen", "0.0.0.0:0",
            "--site", $"1:{key}:bond1:10.99.1.1/30:50,20", "--site", $"1:{key}:bond2:10.99.2.1/30:50", "--site", "2:/nonexistent/site.key:bond3:10.99.3.1/30:10");

        Assert.Equal(2, exit);
        string[] lines = error.TrimEnd().Split('\n');
        Assert.Equal("nfbond bond server: --listen \"0.0.0.0:0\" is not allowed; ADDRESS:PORT, e.g. 0.0.0.0:7070", lines[0]);
        Assert.StartsWith("nfbond bond server: --site \"2:/nonexistent/site.key:bond3:10.99.3.1/30:10\": key file /nonexistent/site.key cannot be read: ", lines[1], StringComparison.Ordinal);
        Assert.Equal("nfbond bond server: --site: session 1 is given 2 times; each site needs its own", lines[2]);
    }

    [Fact]
    public void A_controller_bonding_its_links_is_told_what_its_options_and_its_site_lack()
    {
        string site = Path.Combine(Path.GetTempPath(), $"bond-site-{Guid.NewGuid():N}.json");
        File.WriteAllText(site, """
            {"format":"nfbond-site/1","site":"workshop","lan":"lan0","links":[
              {"name":"fiber","type":"fiber","provider":"A","interface":"wan1","downKbps":100000,"upKbps":20000,"role":"primary"},
              {"name":"lte","type":"lte","provider":"B","interface":"wwan0","downKbps":50000,"role":"backup"}]}
            """);
        (int exit, _, string error) = CliRun.Run("controller", "--config", site, "--bond-server", "203.0.113.5", "--bond-address", "10.99.0.2");

        Assert.Equal(2, exit);
        Assert.Equal(
            [
                "nfbond controller: --bond-server \"203.0.113.5\" is not allowed; IPv4 ADDRESS:PORT, e.g. 203.0.113.5:7070",
                "nfbond controller: --bond-session is required with --bond-server; 1 to 4294967295",
                "nfbond controller: --bond-key is required with --bond-server (a file nfbond bond key wrote)",
                "nfbond controller: --bond-address: tunnel address \"10.99.0.2\" is not allowed; an IPv4 address with a prefix from /1 to /31, e.g. 10.99.0.2/30",
            ],
            error.TrimEnd().Split('\n'));
    }
}
