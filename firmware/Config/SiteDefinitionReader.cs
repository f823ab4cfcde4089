using NfBond.Firmware.Json;
using NfBond.Firmware.Links;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.Config;

/// <summary>
/// Reads and validates a site file (format <c>nfbond-site/1</c>): the WAN links, their probes and
/// detection timers, and flap dampening. Every problem is reported with its JSON path, the value found
/// and what is allowed; risky but valid choices (two links from one provider) become warnings.
/// </summary>
public static class SiteDefinitionReader
{
    /// <summary>The format tag a site file must carry.</summary>
    public const string Format = "nfbond-site/1";

    /// <summary>The most links a site may have (marks and tables are numbered from 1).</summary>
    public const int MaxLinks = 8;

    /// <summary>The most probe targets per link.</summary>
    public const int MaxTargets = 8;

    private static readonly string[] s_siteKeys = new string[] { "format", "site", "lan", "profile", "detection", "dampening", "links", "redundancy" };
    private static readonly string[] s_linkKeys = new string[]
    {
        "name", "type", "provider", "interface", "gateway", "downKbps", "upKbps", "cost", "capMb", "billingDay", "role",
        "modem", "sim", "mccMnc", "reliability", "targets", "profile", "detection",
    };

    private static readonly string[] s_simKeys = new string[] { "apn", "pdpType", "user", "password", "auth", "pin" };

    private static readonly string[] s_targetKeys = new string[] { "kind", "host", "port", "path", "name" };
    private static readonly string[] s_detectionKeys = new string[] { "intervalMs", "timeoutMs", "misses", "skewMs", "rise", "upHoldMs", "meteredIdleFactor" };
    private static readonly string[] s_dampeningKeys = new string[] { "enabled", "penalty", "suppressAt", "reuseAt", "halfLifeS" };
    private static readonly string[] s_redundancyKeys = new string[] { "interface", "vrid", "priority", "advertMs", "peer", "virtualAddresses", "weightPerLink", "preempt" };
    private static readonly string[] s_profiles = new string[] { "fast", "gentle" };
    private static readonly string[] s_costs = new string[] { "unmetered", "metered" };

    /// <summary>Parses and validates a site file.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The site, or the full list of problems; warnings in both cases.</returns>
    public static SiteReadResult Read(string json)
    {
        ConfigProblems problems = new ConfigProblems();
        ConfigProblems warnings = new ConfigProblems();
        ConfigNode? node = ConfigNode.OpenDocument(json, "a site file", Format, s_siteKeys, problems);
        if (node == null)
        {
            return new SiteReadResult(null, problems, warnings);
        }

        SiteDefinition site = new SiteDefinition();
        site.Name = node.RequireString("site");
        site.Lan = node.OptionalString("lan", "");
        DetectionSettings siteDetection = ReadDetection(node, DetectionSettings.Gentle());
        site.Dampening = ReadDampening(node.OptionalObject("dampening"));
        site.Links = ReadLinks(node, siteDetection);
        site.Redundancy = ReadRedundancy(node.OptionalObject("redundancy"));
        if (problems.Count > 0)
        {
            return new SiteReadResult(null, problems, warnings);
        }

        DiversityCheck.Check(site.Links, warnings);
        return new SiteReadResult(site, problems, warnings);
    }

    private static SimSettings ReadSim(ConfigNode node)
    {
        node.RejectUnknownKeys(s_simKeys);
        SimSettings sim = new SimSettings();
        sim.Apn = node.OptionalString("apn", sim.Apn);
        if (!IsApn(sim.Apn))
        {
            node.Problems.Add(node.PathOf("apn"), "\"" + sim.Apn + "\" is not allowed; an APN of 1 to 62 characters: letters, digits, '-' and '.' between labels (e.g. \"internet.telekom\")");
        }

        sim.PdpType = SimSettings.PdpTypes[node.OptionalChoiceIndex("pdpType", SimSettings.PdpTypes, 2)];
        sim.User = node.OptionalString("user", "");
        sim.Password = node.OptionalString("password", "");
        // Credentials without a protocol are sent with PAP, which every network that wants them accepts.
        sim.Auth = node.OptionalChoiceIndex("auth", SimSettings.AuthNames, sim.User.Length > 0 ? 1 : 0);
        if (!IsCredential(sim.User))
        {
            node.Problems.Add(node.PathOf("user"), "\"" + sim.User + "\" is not allowed; up to 64 printable characters without '\"'");
        }

        if (!IsCredential(sim.Password))
        {
            // Never echo a password back: a problem list is shown and logged.
            node.Problems.Add(node.PathOf("password"), "is not allowed; up to 64 printable characters without '\"'");
        }

        if (sim.Auth != 0 && sim.User.Length == 0)
        {
            node.Problems.Add(node.PathOf("auth"), "\"" + SimSettings.AuthNames[sim.Auth] + "\" needs a \"user\" (and usually a \"password\")");
        }

        if (sim.Password.Length > 0 && sim.User.Length == 0)
        {
            node.Problems.Add(node.PathOf("password"), "is not allowed without a \"user\"");
        }

        string pin = node.OptionalString("pin", "");
        if (pin.Length > 0)
        {
            if (!IsPin(pin))
            {
                node.Problems.Add(node.PathOf("pin"), "is not allowed; a SIM PIN is 4 to 8 digits");
            }

            sim.Pin = pin;
        }

        return sim;
    }

    private static bool IsApn(string apn)
    {
        if (apn.Length < 1 || apn.Length > 62 || apn[0] == '.' || apn[apn.Length - 1] == '.' || apn[0] == '-')
        {
            return false;
        }

        for (int i = 0; i < apn.Length; i++)
        {
            char c = apn[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || (c == '.' && apn[i - 1] != '.');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCredential(string text)
    {
        if (text.Length > 64)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] < ' ' || text[i] > '~' || text[i] == '"')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPin(string pin)
    {
        if (pin.Length < 4 || pin.Length > 8)
        {
            return false;
        }

        for (int i = 0; i < pin.Length; i++)
        {
            if (pin[i] < '0' || pin[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static RedundancyDefinition? ReadRedundancy(ConfigNode? node)
    {
        if (node == null)
        {
            return null;
        }

        node.RejectUnknownKeys(s_redundancyKeys);
        RedundancyDefinition pair = new RedundancyDefinition();
        pair.Interface = node.RequireString("interface");
        pair.Vrid = node.RequireInt("vrid", 1, 255);
        pair.Priority = node.RequireInt("priority", 1, 254);
        pair.AdvertMs = node.OptionalInt("advertMs", 10, 40950, 1000);
        if (pair.AdvertMs % 10 != 0)
        {
            node.Problems.Add(node.PathOf("advertMs"), pair.AdvertMs.ToString() + " is not allowed; VRRP intervals are centiseconds, so a multiple of 10 from 10 to 40950");
        }

        pair.WeightPerLink = node.OptionalInt("weightPerLink", 0, 253, 20);
        pair.Preempt = node.OptionalBool("preempt", true);
        string peer = node.OptionalString("peer", "");
        uint address;
        if (peer.Length > 0)
        {
            if (Ip4.TryParse(peer, out address))
            {
                pair.Peer = address;
            }
            else
            {
                node.Problems.Add(node.PathOf("peer"), "\"" + peer + "\" is not allowed; the other controller's IPv4 address, or leave it out for multicast");
            }
        }

        JsonArray? vips = node.RequireArray("virtualAddresses", 1, 16);
        if (vips != null)
        {
            uint[] addresses = new uint[vips.Count];
            for (int i = 0; i < vips.Count; i++)
            {
                string? text = vips[i] as string;
                if (text == null || !Ip4.TryParse(text, out addresses[i]))
                {
                    node.Problems.Add(node.Path + ".virtualAddresses[" + i.ToString() + "]", ConfigNode.Describe(vips[i]) + " is not allowed; an IPv4 address such as \"192.168.1.1\"");
                }
            }

            pair.VirtualAddresses = addresses;
        }

        return pair;
    }

    private static LinkDefinition[] ReadLinks(ConfigNode site, DetectionSettings siteDetection)
    {
        JsonArray? array = site.RequireArray("links", 1, MaxLinks);
        if (array == null)
        {
            return new LinkDefinition[0];
        }

        int count = array.Count < MaxLinks ? array.Count : MaxLinks;
        LinkDefinition[] links = new LinkDefinition[count];
        bool anyCarrier = false;
        for (int i = 0; i < count; i++)
        {
            LinkDefinition link = new LinkDefinition();
            link.Mark = i + 1;
            links[i] = link;
            ConfigNode? node = site.ObjectAt(array, "links", i);
            if (node == null)
            {
                continue;
            }

            ReadLink(node, link, siteDetection);
            for (int j = 0; j < i; j++)
            {
                if (link.Name.Length > 0 && links[j].Name == link.Name)
                {
                    site.Problems.Add(node.PathOf("name"), "\"" + link.Name + "\" is not allowed; it names $.links[" + j.ToString() + "] already, and link names must be unique");
                }
            }

            anyCarrier = anyCarrier || link.Role != LinkRole.Backup;
        }

        if (count > 0 && !anyCarrier)
        {
            site.Problems.Add(site.PathOf("links"), "every link has role \"backup\"; at least one link must be \"primary\" or \"active\" to carry traffic");
        }

        return links;
    }

    private static void ReadLink(ConfigNode node, LinkDefinition link, DetectionSettings siteDetection)
    {
        node.RejectUnknownKeys(s_linkKeys);
        link.Name = node.RequireString("name");
        link.Type = (LinkType)node.RequireChoiceIndex("type", LinkTypes.Names);
        link.Provider = node.OptionalString("provider", "");
        link.Interface = node.RequireString("interface");
        link.Gateway = node.OptionalString("gateway", "");
        if (link.Gateway.Length > 0 && !IsIpAddress(link.Gateway))
        {
            node.Problems.Add(node.PathOf("gateway"), "\"" + link.Gateway + "\" is not allowed; an IPv4 or IPv6 address is required");
        }

        link.DownKbps = node.RequireInt("downKbps", 64, 100000000);
        link.UpKbps = node.OptionalInt("upKbps", 64, 100000000, link.DownKbps);
        link.Metered = node.OptionalChoiceIndex("cost", s_costs, 0) == 1;
        link.CapMb = node.OptionalInt("capMb", 1, 100000000, 0);
        link.BillingDay = node.OptionalInt("billingDay", 1, 28, 1);
        if (!link.Metered && link.CapMb > 0)
        {
            node.Problems.Add(node.PathOf("capMb"), link.CapMb.ToString() + " is not allowed on an unmetered link; set \"cost\": \"metered\" or remove capMb");
        }

        link.Role = (LinkRole)node.RequireChoiceIndex("role", LinkTypes.RoleNames);
        link.Modem = node.OptionalString("modem", "");
        if (link.Modem.Length > 0 && !link.IsCellular)
        {
            node.Problems.Add(node.PathOf("modem"), "\"" + link.Modem + "\" is not allowed on a " + LinkTypes.Name(link.Type) + " link; only lte and 5g links have a modem");
        }

        ConfigNode? sim = node.OptionalObject("sim");
        if (sim != null)
        {
            if (link.Modem.Length == 0)
            {
                node.Problems.Add(node.PathOf("sim"), "is not allowed on a link without a modem; SIM settings belong to an lte or 5g link with \"modem\"");
            }

            link.Sim = ReadSim(sim);
        }

        link.MccMnc = node.OptionalString("mccMnc", "");
        if (link.MccMnc.Length > 0 && !IsMccMnc(link.MccMnc))
        {
            node.Problems.Add(node.PathOf("mccMnc"), "\"" + link.MccMnc + "\" is not allowed; 5 or 6 digits, optionally as MCC-MNC (\"262-01\")");
        }

        link.Targets = ReadTargets(node, link);
        link.Reliability = node.OptionalInt("reliability", 1, link.Targets.Length > 0 ? link.Targets.Length : 1, 1);
        link.Detection = ReadDetection(node, siteDetection.Copy());
    }

    private static ProbeTarget[] ReadTargets(ConfigNode link, LinkDefinition definition)
    {
        if (!link.Has("targets"))
        {
            return DefaultTargets();
        }

        JsonArray? array = link.RequireArray("targets", 1, MaxTargets);
        if (array == null)
        {
            return new ProbeTarget[0];
        }

        int count = array.Count < MaxTargets ? array.Count : MaxTargets;
        ProbeTarget[] targets = new ProbeTarget[count];
        for (int i = 0; i < count; i++)
        {
            ProbeTarget target = new ProbeTarget();
            targets[i] = target;
            ConfigNode? node = link.ObjectAt(array, "targets", i);
            if (node == null)
            {
                continue;
            }

            node.RejectUnknownKeys(s_targetKeys);
            target.Kind = (ProbeKind)node.RequireChoiceIndex("kind", ProbeKinds.Names);
            target.Host = node.RequireString("host");
            target.Port = node.OptionalInt("port", 1, 65535, ProbeKinds.DefaultPort(target.Kind));
            target.Path = target.Kind == ProbeKind.Dns ? node.OptionalString("name", "example.com") : node.OptionalString("path", target.Kind == ProbeKind.Http || target.Kind == ProbeKind.Https ? "/" : "");
            if (target.Kind == ProbeKind.ModemPing && definition.Modem.Length == 0)
            {
                node.Problems.Add(node.PathOf("kind"), "\"modem-ping\" is not allowed on link \"" + definition.Name + "\", which has no modem; set the link's \"modem\" or use tcp, dns, http, https or icmp");
            }
        }

        return targets;
    }

    private static ProbeTarget[] DefaultTargets()
    {
        // Three operators' anycast resolvers: one operator's outage cannot fail a link on its own.
        return new ProbeTarget[] { Target(ProbeKind.Tcp, "1.1.1.1", 443, ""), Target(ProbeKind.Tcp, "9.9.9.9", 443, ""), Target(ProbeKind.Dns, "8.8.8.8", 53, "example.com") };
    }

    private static ProbeTarget Target(ProbeKind kind, string host, int port, string path)
    {
        ProbeTarget target = new ProbeTarget();
        target.Kind = kind;
        target.Host = host;
        target.Port = port;
        target.Path = path;
        return target;
    }

    private static DetectionSettings ReadDetection(ConfigNode node, DetectionSettings inherited)
    {
        DetectionSettings settings = inherited;
        int profile = node.OptionalChoiceIndex("profile", s_profiles, -1);
        if (profile >= 0)
        {
            settings = DetectionSettings.ForProfile(s_profiles[profile])!;
        }

        ConfigNode? explicitValues = node.OptionalObject("detection");
        if (explicitValues == null)
        {
            return settings;
        }

        explicitValues.RejectUnknownKeys(s_detectionKeys);
        settings.Profile = "custom";
        settings.IntervalMs = explicitValues.OptionalInt("intervalMs", 50, 60000, settings.IntervalMs);
        settings.TimeoutMs = explicitValues.OptionalInt("timeoutMs", 10, 60000, settings.TimeoutMs);
        settings.Misses = explicitValues.OptionalInt("misses", 1, 10, settings.Misses);
        settings.SkewMs = explicitValues.OptionalInt("skewMs", 0, 60000, settings.SkewMs);
        settings.Rise = explicitValues.OptionalInt("rise", 1, 20, settings.Rise);
        settings.UpHoldMs = explicitValues.OptionalInt("upHoldMs", 0, 3600000, settings.UpHoldMs);
        settings.MeteredIdleFactor = explicitValues.OptionalInt("meteredIdleFactor", 1, 60, settings.MeteredIdleFactor);
        if (settings.TimeoutMs > settings.IntervalMs)
        {
            explicitValues.Problems.Add(explicitValues.PathOf("timeoutMs"), settings.TimeoutMs.ToString() + " is not allowed; at most intervalMs (" + settings.IntervalMs.ToString() + ") so one round ends before the next starts");
        }

        return settings;
    }

    private static DampeningSettings ReadDampening(ConfigNode? node)
    {
        DampeningSettings settings = new DampeningSettings();
        if (node == null)
        {
            return settings;
        }

        node.RejectUnknownKeys(s_dampeningKeys);
        settings.Enabled = node.OptionalBool("enabled", true);
        settings.Penalty = node.OptionalInt("penalty", 1, 100000, settings.Penalty);
        settings.SuppressAt = node.OptionalInt("suppressAt", 1, 1000000, settings.SuppressAt);
        settings.ReuseAt = node.OptionalInt("reuseAt", 0, 1000000, settings.ReuseAt);
        settings.HalfLifeMs = node.OptionalInt("halfLifeS", 1, 86400, settings.HalfLifeMs / 1000) * 1000;
        if (settings.ReuseAt >= settings.SuppressAt)
        {
            node.Problems.Add(node.PathOf("reuseAt"), settings.ReuseAt.ToString() + " is not allowed; it must be below suppressAt (" + settings.SuppressAt.ToString() + ")");
        }

        return settings;
    }

    private static bool IsMccMnc(string value)
    {
        int digits = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (CharClass.IsDigit(c))
            {
                digits++;
            }
            else if (c != '-' || i != 3)
            {
                return false;
            }
        }

        return digits == 5 || digits == 6;
    }

    private static bool IsIpAddress(string value)
    {
        if (value.IndexOf(':') >= 0)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (!(c == ':' || c == '.' || CharClass.HexValue(c) >= 0))
                {
                    return false;
                }
            }

            return true;
        }

        uint ignored;
        return Ip4.TryParse(value, out ignored);
    }
}
