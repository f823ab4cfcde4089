using System.CommandLine;
using NfBond.Cli.Hosting;
using System.Globalization;
using System.Text.Json;
using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Text;
using NfBond.Firmware.Runtime;
using NfBond.Hal.Linux;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond vrrp</c>: one VRRPv3 instance on a Linux interface, for routers and interop tests.</summary>
public static class VrrpCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        Option<string> iface = new("--iface") { Description = "the LAN interface", Required = true };
        Option<int> vrid = new("--vrid") { Description = "virtual router ID, 1 to 255", Required = true };
        Option<int> priority = new("--priority") { Description = "1 to 255 (255 = owner of the addresses)", DefaultValueFactory = _ => 100 };
        Option<string> advert = new("--advert") { Description = "advertisement interval: 100ms, 0.5s, 1s (10 ms steps, up to 40.95 s)", DefaultValueFactory = _ => "1s" };
        Option<string[]> vip = new("--vip") { Description = "virtual address with prefix, e.g. 192.168.50.254/24 (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        Option<string[]> peers = new("--unicast-peer") { Description = "send to this peer instead of 224.0.0.18 (repeatable)" };
        Option<string> checksum = new("--checksum") { Description = "rfc (pseudo-header, keepalived default) or v2 (keepalived v3_checksum_as_v2)", DefaultValueFactory = _ => "rfc" };
        Option<bool> nopreempt = new("--nopreempt") { Description = "do not take over from a lower-priority master" };
        Option<double> preemptDelay = new("--preempt-delay") { Description = "seconds after start before preempting" };
        Option<string> transportOption = new("--transport") { Description = "raw (IP protocol 112, interoperates with keepalived) or udp (nf-bond controllers on stacks without raw sockets)", DefaultValueFactory = _ => "raw" };
        Option<double> seconds = new("--seconds") { Description = "stop (resigning with priority 0) after this many seconds; default: at SIGTERM or Ctrl+C" };
        Command command = new("vrrp", "Run one VRRPv3 instance on this Linux host (root): state changes as JSON lines; resigns with priority 0 on exit.")
        {
            iface, vrid, priority, advert, vip, peers, checksum, nopreempt, preemptDelay, transportOption, seconds,
        };
        command.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            List<string> problems = [];
            int intervalCs = ParseInterval(result.GetValue(advert)!, problems);
            string[] vips = result.GetValue(vip) ?? [];
            uint[] vipAddresses = vips.Select(v => Address(v.Split('/')[0], "--vip", problems)).ToArray();
            foreach (string v in vips.Where(v => !v.Contains('/')))
            {
                problems.Add($"--vip {v}: give the prefix length too, e.g. {v}/24");
            }

            uint[] peerAddresses = (result.GetValue(peers) ?? []).Select(p => Address(p, "--unicast-peer", problems)).ToArray();
            string mode = result.GetValue(checksum)!;
            if (mode != "rfc" && mode != "v2")
            {
                problems.Add($"--checksum \"{mode}\" is not allowed; rfc or v2");
            }

            string transport = result.GetValue(transportOption)!;
            if (transport != "raw" && transport != "udp")
            {
                problems.Add($"--transport \"{transport}\" is not allowed; raw or udp");
            }

            VrrpOptions options = new()
            {
                Vrid = result.GetValue(vrid),
                Priority = result.GetValue(priority),
                AdvertIntervalCs = intervalCs,
                VirtualAddresses = vipAddresses,
                UnicastPeers = peerAddresses,
                Checksum = mode == "v2" ? VrrpChecksum.WithoutPseudoHeader : VrrpChecksum.Rfc,
                Preempt = !result.GetValue(nopreempt),
                PreemptDelayMs = (int)(result.GetValue(preemptDelay) * 1000),
            };
            if (options.Vrid is < 1 or > 255)
            {
                problems.Add($"--vrid {options.Vrid} is not allowed; 1 to 255");
            }

            if (options.Priority is < 1 or > 255)
            {
                problems.Add($"--priority {options.Priority} is not allowed; 1 to 255");
            }

            if (problems.Count > 0)
            {
                problems.ForEach(p => error.WriteLine("nfbond vrrp: " + p));
                return NfBondCli.BadInput;
            }

            return Run(result.GetValue(iface)!, transport == "udp", vips, options, (long)(result.GetValue(seconds) * 1000), output, error);
        });
        return command;
    }

    /// <summary>Parses an advertisement interval into centiseconds.</summary>
    /// <param name="text">"100ms", "0.3s", "1s" or a number of seconds.</param>
    /// <param name="problems">Where a bad value is reported.</param>
    /// <returns>Centiseconds, 1 to 4095.</returns>
    public static int ParseInterval(string text, List<string> problems)
    {
        string number = text.EndsWith("ms", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('s') ? text[..^1] : text;
        double scale = text.EndsWith("ms", StringComparison.Ordinal) ? 0.1 : 100;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            problems.Add($"--advert \"{text}\" is not allowed; for example 100ms, 0.5s or 1s");
            return 100;
        }

        double cs = Math.Round(value * scale, 6);
        if (cs < 1 || cs > 4095 || Math.Abs(cs - Math.Round(cs)) > 1e-6)
        {
            problems.Add($"--advert {text} is not allowed; 10 ms to 40.95 s in steps of 10 ms");
            return 100;
        }

        return (int)Math.Round(cs);
    }

    private static uint Address(string text, string option, List<string> problems)
    {
        if (Ip4.TryParse(text, out uint address))
        {
            return address;
        }

        problems.Add($"{option} \"{text}\" is not allowed; an IPv4 address is required");
        return 0;
    }

    private static int Run(string iface, bool udp, string[] vips, VrrpOptions options, long durationMs, TextWriter output, TextWriter error)
    {
        if (!OperatingSystem.IsLinux())
        {
            error.WriteLine("nfbond vrrp: needs Linux (raw IP sockets)");
            return NfBondCli.BadInput;
        }

        EventLoop loop = new(new SystemClock());
        using IDisposable carrier = udp ? new UdpVrrpTransport(iface) : new RawVrrpTransport(iface);
        VrrpInstance instance = new(loop, (NfBond.Hal.IVrrpTransport)carrier, new LinuxVirtualAddresses(iface, vips), options);
        object gate = new();
        void Line(string type, VrrpEvent e)
        {
            using MemoryStream buffer = new();
            using (Utf8JsonWriter w = new(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteNumber("t_ms", e.TimeMs);
                w.WriteString("type", type);
                w.WriteString("from", e.From.ToString().ToLowerInvariant());
                w.WriteString("state", e.To.ToString().ToLowerInvariant());
                w.WriteNumber("priority", e.Priority);
                w.WriteString("cause", e.Cause);
                w.WriteEndObject();
            }

            lock (gate)
            {
                output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                output.Flush();
            }
        }

        instance.EventRaised += e => Line("state", e);
        instance.ErrorRaised += e => Line("error", e);
        using StopSignals signals = new(loop);
        instance.Start();
        if (durationMs > 0)
        {
            new LoopTimer(loop, _ => loop.Stop()).Start(durationMs);
        }

        loop.Run();
        instance.Stop();
        string drops = string.Join(", ", Enum.GetValues<VrrpDropReason>().Where(r => r != VrrpDropReason.None && instance.Drops(r) > 0).Select(r => $"{r} {instance.Drops(r)}"));
        error.WriteLine($"nfbond vrrp: sent {instance.Sent}, accepted {instance.Accepted}, dropped: {(drops.Length == 0 ? "none" : drops)}");
        return 0;
    }
}
