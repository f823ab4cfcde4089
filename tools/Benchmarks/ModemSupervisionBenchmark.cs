using System.Diagnostics;
using System.Text;
using NfBond.Firmware.At;
using NfBond.Firmware.Modems;
using NfBond.Firmware.Runtime;

namespace NfBond.Benchmarks;

/// <summary>
/// Modem supervision cost: bytes allocated per steady-state poll cycle (goal under 1 KB: nanoFramework's
/// GC stops the world) and AT lines framed and decoded per second.
/// </summary>
public sealed class ModemSupervisionBenchmark : IBenchmark
{
    private const int Cycles = 10_000;

    private static readonly string[] s_transcript =
    [
        "AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n",
        "AT+CSQ", "\r\n+CSQ: 21,99\r\n\r\nOK\r\n",
        "AT+CREG?", "\r\n+CREG: 2,1,\"1A2B\",\"01A2B3C\",7\r\n\r\nOK\r\n",
        "AT+CGREG?", "\r\n+CGREG: 2,1,\"1A2B\",\"01A2B3C\",7\r\n\r\nOK\r\n",
        "AT+CEREG?", "\r\n+CEREG: 2,1,\"1A2B\",\"01A2B3C\",7\r\n\r\nOK\r\n",
        "AT+COPS?", "\r\n+COPS: 0,2,\"26201\",7\r\n\r\nOK\r\n",
        "AT+CGPADDR=1", "\r\n+CGPADDR: 1,\"10.64.12.7\"\r\n\r\nOK\r\n",
        "AT+QGDCNT?", "\r\n+QGDCNT: 1200,34000\r\n\r\nOK\r\n",
        "AT+QENG=\"servingcell\"", "\r\n+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",262,01,1A2B3C4,301,1300,3,5,5,1A2B,-95,-11,-65,12,40\r\n\r\nOK\r\n",
        "AT+CGMI", "\r\nQuectel\r\n\r\nOK\r\n",
        "AT+CGMM", "\r\nEC25\r\n\r\nOK\r\n",
    ];

    /// <inheritdoc/>
    public string Name => "modem";

    /// <inheritdoc/>
    public string Description => "modem supervision: bytes per steady-state poll cycle, AT lines decoded per second";

    /// <inheritdoc/>
    public void Run(TextWriter output)
    {
        MeasureCycle(output);
        MeasureDecoding(output);
    }

    private static void MeasureCycle(TextWriter output)
    {
        VirtualClock clock = new();
        EventLoop loop = new(clock);
        LoopbackModem modem = new(s_transcript);
        ModemSupervisorOptions options = new() { PingHost = null, PollIntervalMs = 10_000 };
        ModemSupervisor supervisor = new(loop, modem, ModemDialects.ForModel("EC25"), new ModemPins(), options, "bench");
        supervisor.Start();
        loop.RunFor(clock, 60_000);
        if (!supervisor.IsDataReady)
        {
            throw new InvalidOperationException("benchmark modem did not reach data ready: " + ModemSupervisor.StateName(supervisor.State));
        }

        long cyclesBefore = supervisor.PollCycles;
        long requestsBefore = modem.Requests;
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.RunFor(clock, Cycles * 10_000L);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long cycles = supervisor.PollCycles - cyclesBefore;
        long requests = modem.Requests - requestsBefore;
        output.WriteLine($"steady-state poll: {(double)allocated / cycles:F1} B per cycle ({allocated} B over {cycles} cycles of {requests / cycles} commands; goal < 1024 B)");
    }

    private static void MeasureDecoding(TextWriter output)
    {
        StringBuilder stream = new();
        for (int i = 1; i < s_transcript.Length; i += 2)
        {
            stream.Append(s_transcript[i]);
        }

        byte[] bytes = Encoding.ASCII.GetBytes(stream.ToString());
        DecodingSink sink = new();
        AtLineFramer framer = new(sink, 512);
        for (int i = 0; i < 1000; i++)
        {
            framer.Feed(bytes, 0, bytes.Length);
        }

        long lines = framer.Lines;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Stopwatch watch = Stopwatch.StartNew();
        int rounds = 0;
        while (watch.ElapsedMilliseconds < 2000)
        {
            framer.Feed(bytes, 0, bytes.Length);
            rounds++;
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        lines = framer.Lines - lines;
        output.WriteLine($"line decoding: {lines / watch.Elapsed.TotalSeconds / 1e6:F2} M lines/s framed and decoded, {(double)allocated / lines:F2} B per line ({rounds} rounds)");
    }

    private sealed class DecodingSink : IAtLineSink
    {
        private readonly ModemStatus _status = new();

        public void OnLine(AtLine line)
        {
            if (AtFinalResult.Classify(line) == AtResult.Pending)
            {
                ModemDecoder.Decode(null, line, _status);
            }
        }

        public void OnPrompt()
        {
        }
    }
}
