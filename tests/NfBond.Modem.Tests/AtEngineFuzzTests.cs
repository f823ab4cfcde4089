using System.Text;
using NfBond.Firmware.At;
using NfBond.Firmware.Runtime;
using NfBond.Simulation;

namespace NfBond.Modem.Tests;

public sealed class AtEngineFuzzTests
{
    private static readonly string[] s_transcript =
    [
        "\r\n+CSQ: 21,99\r\n\r\nOK\r\n",
        "\r\n+CEREG: 2,1,\"1A2B\",\"01A2B3C\",7\r\n\r\nOK\r\n",
        "\r\n+CEREG: 5,\"1A2B\",\"01A2B3C\",7\r\n",
        "\r\n+QPING: 0,\"8.8.8.8\",32,41,255\r\n",
        "\r\n+CME ERROR: SIM busy\r\n",
        "\r\nRDY\r\n",
        "\r\n> ",
        "\r\nNO CARRIER\r\n",
        "\r\n+CGPADDR: 1,\"10.64.12.7\"\r\n\r\nOK\r\n",
        "\r\n+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",262,01,1A2B3C4,301,1300,3,5,5,1A2B,-95,-11,-65,12,40\r\n\r\nOK\r\n",
    ];

    private sealed class Rig
    {
        public readonly VirtualClock Clock = new();
        public readonly EventLoop Loop;
        public readonly SimulatedSerialLine Line = new("COM2", 115200);
        public readonly AtEngine Engine;
        public readonly List<AtScript> Scripts = [];

        public Rig()
        {
            Loop = new EventLoop(Clock);
            Line.Open();
            Engine = new AtEngine(Loop, Line, new AtEngineOptions { MaxLineLength = 128 });
            Engine.AddUrcHandler("+CEREG:", l => _ = l.FieldCount);
            Engine.AddUrcHandler("RDY", _ => { });
            string[] requests = ["AT+CSQ", "AT+CEREG?", "AT+CGSN", "AT+QPING=1,\"8.8.8.8\""];
            foreach (string request in requests)
            {
                AtStep step = new(request, 300)
                {
                    ResponsePrefix = request == "AT+CGSN" ? "" : "+" + request[3..].TrimEnd('?') + ":",
                    OnResponse = l =>
                    {
                        _ = l.TryGetInt(0, out _);
                        _ = l.TryGetHex(2, out _);
                        _ = l.FieldText(l.FieldCount - 1);
                    },
                    ResponseFilter = l => l.FieldCount >= 2 && !l.IsQuoted(1),
                    DeferredPrefix = request.StartsWith("AT+QPING") ? "+QPING:" : null,
                    DeferredTimeoutMs = 500,
                    Payload = request == "AT+CSQ" ? [0x41] : null,
                };
                Scripts.Add(new AtScript(request, [step], null) { Aborts = ["RDY"] });
            }
        }
    }

    [Fact]
    public void Random_and_mutated_streams_never_throw_hang_or_leave_the_engine_unusable()
    {
        Random random = new(20261124);
        for (int round = 0; round < 300; round++)
        {
            Rig rig = new();
            for (int burst = 0; burst < 40; burst++)
            {
                foreach (AtScript script in rig.Scripts)
                {
                    if (!script.IsBusy && random.Next(3) == 0)
                    {
                        rig.Engine.Run(script);
                    }
                }

                rig.Line.Deliver(Noise(random));
                rig.Loop.RunFor(rig.Clock, random.Next(0, 400));
            }

            // No hang: with the stream quiet, every script ends within its timeouts.
            rig.Loop.RunFor(rig.Clock, 10_000);
            Assert.All(rig.Scripts, s => Assert.False(s.IsBusy, $"round {round}: {s.Name} still busy"));

            // Still usable: a clean exchange after the storm succeeds (resync first if needed).
            bool quiet = false;
            rig.Line.Deliver("\r\n"u8.ToArray());
            rig.Line.Transmitted += bytes =>
            {
                string text = Encoding.ASCII.GetString(bytes);
                if (text == "AT\r")
                {
                    rig.Line.Deliver("\r\nOK\r\n"u8.ToArray());
                }
                else if (text == "AT+CSQ\r" && !quiet)
                {
                    quiet = true;
                    rig.Line.Deliver("\r\n+CSQ: 9,99\r\n\r\nOK\r\n"u8.ToArray());
                }
            };
            AtScript csq = rig.Scripts[0];
            rig.Engine.Run(csq);
            rig.Loop.RunFor(rig.Clock, 2000);
            Assert.Equal(AtResult.Ok, csq.Result);
        }
    }

    [Fact]
    public void Framing_does_not_depend_on_how_the_stream_is_split()
    {
        string stream = string.Concat(s_transcript);
        List<string> reference = Frame([Encoding.Latin1.GetBytes(stream)]);
        Random random = new(7);
        for (int i = 0; i < 500; i++)
        {
            byte[] all = Encoding.Latin1.GetBytes(stream);
            List<byte[]> chunks = [];
            int at = 0;
            while (at < all.Length)
            {
                int n = Math.Min(all.Length - at, random.Next(1, 40));
                chunks.Add(all[at..(at + n)]);
                at += n;
            }

            Assert.Equal(reference, Frame(chunks));
        }

        Assert.Contains("<prompt>", reference);
        Assert.Equal(s_transcript.Length + 4, reference.Count);
    }

    [Theory]
    [InlineData("\r\nOK\r\n")]
    [InlineData("\nOK\n")]
    [InlineData("\r\r\nOK\r\r\n")]
    [InlineData("OK\r")]
    public void Line_endings_vary_between_modules_and_all_frame_alike(string stream)
    {
        Assert.Equal(["OK"], Frame([Encoding.ASCII.GetBytes(stream)]));
    }

    private static List<string> Frame(List<byte[]> chunks)
    {
        Collector collector = new();
        AtLineFramer framer = new(collector, 512);
        foreach (byte[] chunk in chunks)
        {
            framer.Feed(chunk, 0, chunk.Length);
        }

        return collector.Lines;
    }

    private static byte[] Noise(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                byte[] bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                return Encoding.Latin1.GetBytes(s_transcript[random.Next(s_transcript.Length)]);
            case 2:
                byte[] mutated = Encoding.Latin1.GetBytes(s_transcript[random.Next(s_transcript.Length)]);
                for (int i = 0; i < 3; i++)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }

                return mutated;
            default:
                byte[] garbage = new byte[random.Next(100, 300)];
                Array.Fill(garbage, (byte)(random.Next(2) == 0 ? 0xFF : 'x'));
                return garbage;
        }
    }

    private sealed class Collector : IAtLineSink
    {
        public List<string> Lines { get; } = [];

        public void OnLine(AtLine line) => Lines.Add(line.Text);

        public void OnPrompt() => Lines.Add("<prompt>");
    }
}
