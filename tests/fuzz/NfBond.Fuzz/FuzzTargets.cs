using System.Text;
using NfBond.Aggregator.Broker;
using NfBond.Aggregator.Ingest;
using NfBond.Firmware.At;
using NfBond.Firmware.Boards;
using NfBond.Firmware.Config;
using NfBond.Firmware.Json;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Redundancy;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Telemetry;
using NfBond.Hal.Linux;
using NfBond.Simulation;

namespace NfBond.Fuzz;

/// <summary>
/// The parsers fuzzed with AFL++ (tests/fuzz/run.sh): each takes one input and must neither throw (beyond
/// the documented refusal) nor hang; AFL++ counts an escaping exception as a crash.
/// </summary>
public static class FuzzTargets
{
    private static readonly byte[] s_secret = Convert.FromHexString("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    /// <summary>Gets the targets by name.</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["at-engine"] = AtEngine,
        ["json-reader"] = JsonReaderTarget,
        ["board-reader"] = bytes => BoardDefinitionReader.Read(Encoding.UTF8.GetString(bytes)),
        ["site-reader"] = bytes => SiteDefinitionReader.Read(Encoding.UTF8.GetString(bytes)),
        ["vrrp-codec"] = VrrpCodecTarget,
        ["command-verifier"] = bytes => new CommandVerifier(new HmacSha256(), s_secret, "dev1", 300_000, null).Verify(bytes, 1_795_000_000_000, out _, out _),
        ["message-validator"] = MessageValidatorTarget,
        ["mqtt-frames"] = MqttFrames,
        ["tunnel-codec"] = TunnelCodec,
        ["tunnel-control"] = TunnelControl,
    };

    // A site's end and its peer's cipher, kept across inputs. Made at the first input, not with the class: the end's
    // pacers are threads, and threads started before AFL++'s fork server forks do not exist in its children (every
    // target's fork server aborted).
    private static NfBond.Hal.Linux.Bonding.TunnelCipher? s_peer;
    private static NfBond.Hal.Linux.Bonding.BondEndpoint? s_end;

    // The bytes as received tunnel packets: only a sealed one may open, and nothing throws.
    private static void TunnelCodec(byte[] bytes)
    {
        using NfBond.Hal.Linux.Bonding.TunnelCipher server = new(s_secret, 0x0A0B0C0D, isServer: true);
        byte[] payload = new byte[bytes.Length];
        if (server.Open(bytes, payload, out _, out _) == NfBond.Hal.Linux.Bonding.TunnelOpenResult.Ok)
        {
            throw new InvalidOperationException("an unsealed packet opened");
        }
    }

    // The bytes as what an authenticated peer says in its control packets (feedback, path MTU probes and their
    // answers; the first byte picks the type and the path, one beyond the end's two included), taken by an end whose
    // timers then run: nothing a peer with the key says may throw.
    private static void TunnelControl(byte[] bytes)
    {
        if (bytes.Length < 1)
        {
            return;
        }

        s_peer ??= new NfBond.Hal.Linux.Bonding.TunnelCipher(s_secret, 7, isServer: false);
        s_end ??= new NfBond.Hal.Linux.Bonding.BondEndpoint(new NfBond.Hal.Linux.Bonding.TunnelCipher(s_secret, 7, isServer: true), new SilentPaths(),
            new NfBond.Hal.Linux.Bonding.BondOptions { PathBitsPerSecond = [8_000_000, 2_000_000] }, _ => { });
        NfBond.Hal.Linux.Bonding.TunnelPacketType type = (NfBond.Hal.Linux.Bonding.TunnelPacketType)(3 + (bytes[0] % 3));
        byte[] packet = new byte[bytes.Length - 1 + NfBond.Hal.Linux.Bonding.TunnelCipher.Overhead];
        int length = s_peer.Seal(new NfBond.Hal.Linux.Bonding.TunnelHeader(type, 0, (byte)((bytes[0] >> 2) % 3), 0, 0, 1, 1, 0, 1), bytes.AsSpan(1), packet);
        s_end.Receive(packet.AsSpan(0, length), out _);
        s_end.Tick();
    }

    // The bytes as a modem's output, in chunks, while a polling script and URC handlers run.
    private static void AtEngine(byte[] bytes)
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        SimulatedSerialLine line = new("COM2", 115200);
        line.Open();
        AtEngine engine = new(loop, line, null);
        ModemStatus status = new();
        engine.AddUrcHandler("+CEREG:", l => ModemDecoder.Decode(null, l, status));
        engine.UnhandledLine = l => ModemDecoder.Decode(null, l, status);
        AtStep csq = new("AT+CSQ", 1000) { ResponsePrefix = "+CSQ:", OnResponse = l => ModemDecoder.Decode("AT+CSQ", l, status) };
        AtStep ping = new("AT+QPING=1,\"8.8.8.8\"", 1000) { DeferredPrefix = "+QPING:", DeferredTimeoutMs = 2000, OnDeferred = l => ModemDecoder.IsPingComplete(l) };
        AtScript script = new("fuzz", [csq, ping], null);
        engine.Run(script);
        for (int at = 0; at < bytes.Length; at += 7)
        {
            line.Deliver(bytes[at..Math.Min(bytes.Length, at + 7)]);
            loop.RunFor(clock, 50);
            if (!script.IsBusy)
            {
                engine.Run(script);
            }
        }

        loop.RunFor(clock, 5000);
    }

    private static void JsonReaderTarget(byte[] bytes)
    {
        try
        {
            JsonReader.Parse(Encoding.UTF8.GetString(bytes));
        }
        catch (JsonParseException)
        {
            // The documented refusal of text that is not JSON.
        }
    }

    private static void VrrpCodecTarget(byte[] bytes)
    {
        VrrpAdvertisement into = new();
        VrrpCodec.Decode(bytes, 0, bytes.Length, 0xC0A80102, 0xE0000012, 255, 51, VrrpChecksum.Rfc, into);
        VrrpCodec.Decode(bytes, 0, bytes.Length, 0xC0A80102, 0xE0000012, 255, 51, VrrpChecksum.WithoutPseudoHeader, into);
    }

    private static void MessageValidatorTarget(byte[] bytes)
    {
        MessageValidator validator = new(16384);
        foreach (string kind in new[] { "events", "state", "status", "birth" })
        {
            validator.Validate("nfbond/v1/s1/dev1/" + kind, bytes, "dev1", 1_795_000_000_000, out _);
        }
    }

    // The bytes as a client's connection through the broker's framing guard.
    private static void MqttFrames(byte[] bytes)
    {
        using MqttFrameGuard guard = new(new MemoryStream(bytes), 8192, 17408);
        byte[] buffer = new byte[13];
        try
        {
            while (guard.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (MqttFrameRefusedException)
        {
            // The documented refusal: the connection would be closed.
        }
    }

    // Ways out that go nowhere: what the end answers is not the target's concern.
    private sealed class SilentPaths : NfBond.Hal.Linux.Bonding.IBondPaths
    {
        public int Count => 2;

        public bool Send(int path, ReadOnlySpan<byte> datagram) => true;
    }
}
