using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NfBond.Aggregator.Configs;

namespace NfBond.Aggregator.Tests;

/// <summary>The config registry: versions, refusal of broken files, diff, rollback, and a replacement board getting the site's config as it connects.</summary>
public class ConfigRegistryTests : IAsyncLifetime
{
    private static readonly string s_v1 = DeviceUnderTest.SiteJson.Replace("\"downKbps\":50000", "\"downKbps\":40000");
    private static readonly string s_v2 = DeviceUnderTest.SiteJson.Replace("\"downKbps\":50000", "\"downKbps\":30000").Replace("\"provider\":\"B\"", "\"provider\":\"C\"");
    private RunningAggregator _aggregator = null!;
    private AggregatorHost _host = null!;
    private AggregatorOptions _options = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _aggregator = await RunningAggregator.StartAsync("nfbond-cfg");
        (_host, _options, _http) = (_aggregator.Host, _aggregator.Options, _aggregator.Http);
    }

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();

    [Fact]
    public async Task A_replacement_board_gets_the_latest_config_and_changes_and_rollbacks_reach_the_site()
    {
        (string password, string secret) = _host.Registry.Add("bakery", "dev1");

        HttpResponseMessage refused = await Put("/api/sites/bakery/config", "{\"format\":\"nfbond-site/1\",\"site\":\"s1\",\"links\":[{\"name\":\"fiber\",\"type\":\"fibre\"}]}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        string problems = await refused.Content.ReadAsStringAsync();
        Assert.Contains("$.links[0].type", problems);
        Assert.Contains("fibre", problems);
        Assert.Empty(_host.Store.ConfigVersions("bakery"));

        HttpResponseMessage first = await Put("/api/sites/bakery/config?note=install", s_v1);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        // The replacement board arrives with the factory file; its birth reports another hash, so it is sent version 1.
        string file = Path.Combine(_options.DataDirectory, "board-site.json");
        using DeviceUnderTest board = new(_options.MqttPort, "dev1", "dev1", password, Convert.FromHexString(secret), siteId: "bakery", configPath: file);
        await Eventually.HoldsAsync(() => File.ReadAllText(file) == s_v1);
        Assert.Equal(s_v1, File.ReadAllText(file));

        HttpResponseMessage second = await Put("/api/sites/bakery/config?note=new%20DSL%20provider", s_v2);
        Assert.Equal("dev1", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sent_to")[0].GetString());
        await Eventually.HoldsAsync(() => File.ReadAllText(file) == s_v2);
        Assert.Equal(s_v2, File.ReadAllText(file));

        JsonElement diff = await _http.GetFromJsonAsync<JsonElement>("/api/sites/bakery/config/diff?from=1&to=2");
        Assert.Equal(["~ $.links[1].provider: \"B\" -> \"C\"", "~ $.links[1].downKbps: 40000 -> 30000"], diff.GetProperty("changes").EnumerateArray().Select(c => c.GetString()!).ToArray());

        HttpResponseMessage rollback = await _http.PostAsync("/api/sites/bakery/config/rollback?to=1", null);
        Assert.Equal(HttpStatusCode.Created, rollback.StatusCode);
        JsonElement third = await rollback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, third.GetProperty("version").GetInt32());
        Assert.Equal(NfBond.Firmware.Config.SiteFileHash.Of(s_v1), third.GetProperty("hash").GetString());
        await Eventually.HoldsAsync(() => File.ReadAllText(file) == s_v1);
        Assert.Equal(s_v1, File.ReadAllText(file));
        Assert.Equal(s_v1, await _http.GetStringAsync("/api/sites/bakery/config"));
        Assert.Equal(s_v2, await _http.GetStringAsync("/api/sites/bakery/config?version=2"));

        JsonElement versions = await _http.GetFromJsonAsync<JsonElement>("/api/sites/bakery/config/versions");
        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
        Assert.Equal(["rollback to 1", "new DSL provider", "install"], versions.EnumerateArray().Select(v => v.GetProperty("note").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("/api/sites/bakery/config/rollback?to=9", null)).StatusCode);
        Assert.Contains("nfbond_config_pushes_total{reason=\"birth_mismatch\"}", await _http.GetStringAsync("/metrics"));
    }

    [Fact]
    public void The_diff_names_added_removed_and_changed_values_by_path()
    {
        List<string> changes = ConfigDiff.Compare("{\"a\":1,\"b\":{\"c\":[1,2]},\"gone\":true}", "{\"a\":2,\"b\":{\"c\":[1,2,3]},\"new\":\"x\"}");
        Assert.Equal(["~ $.a: 1 -> 2", "+ $.b.c[2]: 3", "+ $.new: \"x\"", "- $.gone: true"], changes);
        Assert.Empty(ConfigDiff.Compare("{\"a\":[1,{\"b\":2}]}", "{ \"a\" : [ 1 , { \"b\" : 2 } ] }"));
    }

    [Fact]
    public async Task A_sim_pin_and_apn_password_are_never_shown_and_a_masked_file_sent_back_keeps_them()
    {
        const string withSecrets = """
            {"format":"nfbond-site/1","site":"shop","links":[
              {"name":"fiber","type":"fiber","interface":"wan1","downKbps":100000,"role":"primary"},
              {"name":"lte","type":"lte","interface":"wwan0","downKbps":50000,"role":"backup","modem":"modem1",
               "sim":{"apn":"A1.net","user":"ppp@A1plus.at","password":"pa55-word","auth":"pap","pin":"4711"}}]}
            """;
        Assert.Equal(HttpStatusCode.Created, (await Put("/api/sites/shop/config", withSecrets)).StatusCode);
        string shown = await _http.GetStringAsync("/api/sites/shop/config");
        Assert.DoesNotContain("4711", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55-word", shown, StringComparison.Ordinal);
        Assert.Contains("\"pin\": \"<secret>\"", shown, StringComparison.Ordinal);

        // An integrator edits what they were shown (a new APN) and publishes it: the stored PIN and password stay.
        Assert.Equal(HttpStatusCode.Created, (await Put("/api/sites/shop/config", shown.Replace("A1.net", "business.a1.net", StringComparison.Ordinal))).StatusCode);
        string stored = _host.Store.Config("shop", 0)!.Body;
        Assert.Contains("\"pin\": \"4711\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"password\": \"pa55-word\"", stored, StringComparison.Ordinal);

        // A changed PIN is in the diff without its value; the diff never shows one.
        Assert.Equal(HttpStatusCode.Created, (await Put("/api/sites/shop/config", stored.Replace("\"4711\"", "\"9876\"", StringComparison.Ordinal))).StatusCode);
        string diff = await _http.GetStringAsync("/api/sites/shop/config/diff?from=2&to=3");
        using (JsonDocument changes = JsonDocument.Parse(diff))
        {
            Assert.Equal(["~ link lte sim.pin: \"<secret>\" -> \"<secret>\" (changed)"], changes.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        }

        Assert.DoesNotContain("9876", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("4711", await _http.GetStringAsync("/api/sites/shop/config/diff?from=1&to=3"), StringComparison.Ordinal);

        // A mask where nothing is stored is refused by name.
        HttpResponseMessage refused = await Put("/api/sites/other/config", shown);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("link lte: sim.pin is", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Put(string path, string body) => _http.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
