using NfBond.Firmware.Text;

namespace NfBond.Firmware.Config;

/// <summary>
/// Reads and validates device.json (format <c>nfbond-device/1</c>), the file <c>nfbond aggregator
/// device add</c> provisions onto a board, reporting every problem with its path.
/// </summary>
public static class DeviceSettingsReader
{
    /// <summary>The format name the file must carry.</summary>
    public const string Format = "nfbond-device/1";

    /// <summary>The RAM outbox a board gets when device.json does not say: 4 KB, about 20 events; more wait on flash.</summary>
    public const int DefaultOutboxBytes = 4096;

    /// <summary>The flash spool segments a board gets when device.json does not say: 16 of up to <see cref="DefaultOutboxBytes"/>, 64 KB, about 300 events.</summary>
    public const int DefaultSpoolSegments = 16;

    private static readonly string[] s_keys = new string[] { "format", "site", "device", "broker", "username", "password", "secret", "ntpServer", "address", "caCertificate", "stateIntervalS", "outboxBytes", "spoolSegments", "router" };
    private static readonly string[] s_routerKeys = new string[] { "kind", "url", "user", "password" };
    private static readonly string[] s_routerKinds = new string[] { "routeros" };
    private static readonly string[] s_brokerKeys = new string[] { "host", "port", "tls" };

    /// <summary>Parses and validates the file.</summary>
    /// <param name="json">Its text.</param>
    /// <param name="problems">Where problems are recorded.</param>
    /// <returns>The settings, or null when anything is wrong.</returns>
    public static DeviceSettings? Read(string json, ConfigProblems problems)
    {
        ConfigNode? node = ConfigNode.OpenDocument(json, "a device file", Format, s_keys, problems);
        if (node == null)
        {
            return null;
        }

        DeviceSettings settings = new DeviceSettings();
        settings.Telemetry.Site = node.RequireString("site");
        settings.Telemetry.Device = node.RequireString("device");
        settings.Telemetry.Broker.ClientId = settings.Telemetry.Device;
        settings.Telemetry.Broker.Username = settings.Telemetry.Device;
        settings.Telemetry.Broker.Password = node.RequireString("password");
        settings.Telemetry.StateIntervalMs = node.OptionalInt("stateIntervalS", 5, 3600, 30) * 1000;
        // The outbox is sized in bytes for the board's heap; one slot per 96 bytes covers events of the
        // usual 150-250 B with room for small ones (slots cost 20 B each on a 32-bit MCU).
        settings.Telemetry.MaxQueuedBytes = node.OptionalInt("outboxBytes", 1024, 1048576, DefaultOutboxBytes);
        settings.Telemetry.MaxQueuedEvents = settings.Telemetry.MaxQueuedBytes / 96;
        settings.Telemetry.SpoolSegments = node.OptionalInt("spoolSegments", 0, 256, DefaultSpoolSegments);
        string secret = node.RequireString("secret");
        byte[]? key = Utf8.FromHex(secret);
        if (key == null || key.Length < 16)
        {
            problems.Add(node.PathOf("secret"), "is not allowed; the command secret is at least 32 hex digits, as 'nfbond aggregator device add' prints it");
        }
        else
        {
            settings.Telemetry.Secret = key;
        }

        ConfigNode? broker = node.RequireObject("broker");
        if (broker != null)
        {
            broker.RejectUnknownKeys(s_brokerKeys);
            settings.Telemetry.Broker.Host = broker.RequireString("host");
            settings.Telemetry.Broker.UseTls = broker.OptionalBool("tls", true);
            settings.Telemetry.Broker.Port = broker.OptionalInt("port", 1, 65535, settings.Telemetry.Broker.UseTls ? 8883 : 1883);
        }

        uint address;
        settings.NtpServer = RequireAddress(node, "ntpServer", out address);
        if (RequireAddress(node, "address", out address).Length > 0)
        {
            settings.Address = address;
        }

        ConfigNode? router = node.OptionalObject("router");
        if (router != null)
        {
            router.RejectUnknownKeys(s_routerKeys);
            router.RequireChoice("kind", s_routerKinds);
            settings.RouterUrl = router.RequireString("url");
            if (settings.RouterUrl.Length > 0 && !settings.RouterUrl.StartsWith("http://") && !settings.RouterUrl.StartsWith("https://"))
            {
                problems.Add(router.PathOf("url"), "\"" + settings.RouterUrl + "\" is not allowed; the router's address as http://... or https://...");
            }

            settings.RouterUser = router.RequireString("user");
            settings.RouterPassword = router.RequireString("password");
        }

        settings.CaCertificate = node.OptionalString("caCertificate", "");
        if (settings.Telemetry.Broker.UseTls && settings.CaCertificate.Length == 0)
        {
            problems.Add(node.PathOf("caCertificate"), "is missing; with broker.tls the board needs the CA certificate (PEM) that signed the aggregator's certificate");
        }

        return problems.Count == 0 ? settings : null;
    }

    // The member's text when it is an IPv4 address, else "" (with the problem recorded).
    private static string RequireAddress(ConfigNode node, string key, out uint address)
    {
        address = 0;
        string text = node.RequireString(key);
        if (text.Length > 0 && !Ip4.TryParse(text, out address))
        {
            node.Problems.Add(node.PathOf(key), "\"" + text + "\" is not allowed; an IPv4 address such as \"192.168.1.2\"");
            return "";
        }

        return text;
    }
}
