using System.Text;
using NfBond.Firmware.At;
using NfBond.Firmware.Runtime;
using NfBond.Simulation;

namespace NfBond.Modem.Tests;

public sealed class AtEngineTests
{
    private readonly VirtualClock _clock = new();
    private readonly EventLoop _loop;
    private readonly SimulatedSerialLine _line = new("COM2", 115200);
    private readonly ScriptedDevice _device;
    private readonly AtEngine _engine;
    private readonly List<string> _urcs = [];

    public AtEngineTests()
    {
        _loop = new EventLoop(_clock);
        _line.Open();
        _device = new ScriptedDevice(_loop, _line);
        _engine = new AtEngine(_loop, _line, null);
        _engine.AddUrcHandler("+CEREG:", line => _urcs.Add(line.Text));
        _engine.AddUrcHandler("RDY", line => _urcs.Add(line.Text));
        _engine.AddUrcHandler("NO CARRIER", line => _urcs.Add(line.Text));
    }

    private AtScript Script(params AtStep[] steps) => new("test", steps, null);

    private static AtStep Step(string request, string? prefix = null, AtLineHandler? onResponse = null, int timeoutMs = 300) =>
        new(request, timeoutMs) { ResponsePrefix = prefix, OnResponse = onResponse };

    private AtScript RunToEnd(AtScript script, long budgetMs = 10_000)
    {
        _engine.Run(script);
        long until = _clock.NowMs + budgetMs;
        while (script.IsBusy && _clock.NowMs < until)
        {
            _loop.RunFor(_clock, 10);
        }

        Assert.False(script.IsBusy, $"script {script.Name} did not end within {budgetMs} ms");
        return script;
    }

    [Fact]
    public void Response_lines_reach_the_step_and_ok_completes_it()
    {
        _device.Answer("AT+CSQ", "\r\n+CSQ: 21,99\r\n\r\nOK\r\n");
        int rssi = -1;
        AtScript script = RunToEnd(Script(Step("AT+CSQ", "+CSQ:", l => l.TryGetInt(0, out rssi))));

        Assert.Equal(AtResult.Ok, script.Result);
        Assert.Equal(21, rssi);
        Assert.Equal(["AT+CSQ"], _device.Requests);
    }

    [Fact]
    public void Echo_is_dropped_before_parsing()
    {
        _device.Echo = true;
        _device.Answer("AT+CGSN", "\r\n867698041234567\r\n\r\nOK\r\n");
        string? imei = null;
        AtScript script = RunToEnd(Script(Step("AT+CGSN", "", l => imei = l.Text)));

        Assert.Equal(AtResult.Ok, script.Result);
        Assert.Equal("867698041234567", imei);
        Assert.Equal(1, _engine.EchoesDropped);
    }

    [Theory]
    [InlineData("+CME ERROR: 10")]
    [InlineData("+CME ERROR: SIM not inserted")]
    [InlineData("+CME ERROR: sim NOT inserted")]
    public void Numeric_and_verbose_cme_errors_decode_to_the_same_code(string error)
    {
        _device.Answer("AT+CPIN?", $"\r\n{error}\r\n");
        AtScript script = RunToEnd(Script(Step("AT+CPIN?", "+CPIN:")));

        Assert.Equal(AtResult.CmeError, script.Result);
        Assert.Equal(AtErrors.SimNotInserted, script.ErrorCode);
        Assert.Equal("AT+CPIN?: SIM not inserted", script.ErrorText);
        Assert.Equal(0, script.FailedStep);
    }

    [Fact]
    public void Unknown_verbose_error_keeps_its_text()
    {
        _device.Answer("AT+QFOO", "\r\n+CME ERROR: vendor says no\r\n");
        AtScript script = RunToEnd(Script(Step("AT+QFOO")));

        Assert.Equal(-1, script.ErrorCode);
        Assert.Equal("AT+QFOO: +CME ERROR: vendor says no", script.ErrorText);
    }

    [Fact]
    public void Optional_step_errors_do_not_end_the_script()
    {
        _device.Answer("AT+QCFG=\"ApRstLevel\",1", "\r\nERROR\r\n");
        _device.Answer("ATE0", "\r\nOK\r\n");
        AtStep optional = Step("AT+QCFG=\"ApRstLevel\",1");
        optional.Optional = true;
        AtScript script = RunToEnd(Script(optional, Step("ATE0")));

        Assert.Equal(AtResult.Ok, script.Result);
        Assert.Equal(2, _device.Requests.Count);
    }

    [Fact]
    public void A_late_ok_after_a_timeout_never_completes_the_next_command()
    {
        // The modem answers the first command 800 ms late (after our 300 ms timeout), then the resync AT.
        _device.Answer("AT+COPS=0", "\r\nOK\r\n", delayMs: 800);
        _device.Answer("AT", "\r\nOK\r\n");
        _device.Answer("AT+CGPADDR=1", "\r\n+CGPADDR: 1,\"10.1.2.3\"\r\n\r\nOK\r\n");
        AtScript first = RunToEnd(Script(Step("AT+COPS=0")));
        Assert.Equal(AtResult.Timeout, first.Result);
        Assert.Equal("no answer to AT+COPS=0 within 300 ms", first.ErrorText);
        Assert.True(_engine.NeedsResync);

        string? address = null;
        AtScript second = RunToEnd(Script(Step("AT+CGPADDR=1", "+CGPADDR:", l => address = l.FieldText(1), timeoutMs: 5000)));

        Assert.Equal(AtResult.Ok, second.Result);
        Assert.Equal("10.1.2.3", address);
        Assert.Equal(["AT+COPS=0", "AT", "AT+CGPADDR=1"], _device.Requests);
        Assert.Equal(1, _engine.StaleResults);
        Assert.False(_engine.NeedsResync);
    }

    [Fact]
    public void A_silent_modem_costs_one_short_at_per_script_and_counts_consecutive_timeouts()
    {
        _device.Answer("AT+CSQ", "", delayMs: 1);
        _device.Answer("AT", "", delayMs: 1);
        RunToEnd(Script(Step("AT+CSQ", "+CSQ:")));
        for (int i = 0; i < 3; i++)
        {
            AtScript script = RunToEnd(Script(Step("AT+CSQ", "+CSQ:")));
            Assert.Equal(AtResult.Timeout, script.Result);
            Assert.StartsWith("modem silent", script.ErrorText);
        }

        Assert.Equal(4, _engine.ConsecutiveTimeouts);
        Assert.Equal(["AT+CSQ", "AT", "AT", "AT"], _device.Requests);
    }

    [Fact]
    public void Registration_urc_with_the_read_prefix_goes_to_the_urc_handler()
    {
        // Read response: "<n>,<stat>,..." with an unquoted second field; URC: "<stat>[,"tac",...]".
        _device.Answer("AT+CEREG?", "\r\n+CEREG: 2\r\n\r\n+CEREG: 1,\"1A2B\",\"01A2B3C\",7\r\n\r\n+CEREG: 2,1,\"1A2B\",\"01A2B3C\",7\r\n\r\nOK\r\n");
        List<string> responses = [];
        AtStep step = Step("AT+CEREG?", "+CEREG:", l => responses.Add(l.Text));
        step.ResponseFilter = l => l.FieldCount >= 2 && !l.IsQuoted(1);
        AtScript script = RunToEnd(Script(step));

        Assert.Equal(AtResult.Ok, script.Result);
        Assert.Equal(["+CEREG: 2,1,\"1A2B\",\"01A2B3C\",7"], responses);
        Assert.Equal(["+CEREG: 2", "+CEREG: 1,\"1A2B\",\"01A2B3C\",7"], _urcs);
    }

    [Fact]
    public void Deferred_ping_result_completes_after_ok()
    {
        _device.Answer("AT+QPING=1,\"8.8.8.8\",4,1", "\r\nOK\r\n");
        _device.SendAt(1500, "\r\n+QPING: 0,\"8.8.8.8\",32,41,255\r\n");
        _device.SendAt(1600, "\r\n+QPING: 0,1,1,0,41,41,41\r\n");
        int summaries = 0;
        AtStep ping = Step("AT+QPING=1,\"8.8.8.8\",4,1");
        ping.DeferredPrefix = "+QPING:";
        ping.DeferredTimeoutMs = 5000;
        ping.OnDeferred = l => l.FieldCount == 7 && ++summaries > 0;
        AtScript script = RunToEnd(Script(ping));

        Assert.Equal(AtResult.Ok, script.Result);
        Assert.Equal(1, summaries);
        Assert.InRange(_clock.NowMs, 1600, 1700);
    }

    [Fact]
    public void Deferred_result_that_never_comes_times_out_without_resync()
    {
        _device.Answer("AT+QPING=1,\"8.8.8.8\"", "\r\nOK\r\n");
        AtStep ping = Step("AT+QPING=1,\"8.8.8.8\"");
        ping.DeferredPrefix = "+QPING:";
        ping.DeferredTimeoutMs = 4000;
        AtScript script = RunToEnd(Script(ping));

        Assert.Equal(AtResult.DeferredTimeout, script.Result);
        Assert.False(_engine.NeedsResync);
    }

    [Fact]
    public void Reboot_mid_command_aborts_the_script_and_still_reaches_the_urc_handler()
    {
        _device.Answer("AT+CGACT=1,1", "\r\nRDY\r\n", delayMs: 800);
        AtScript script = Script(Step("AT+CGACT=1,1", timeoutMs: 150_000));
        script.Aborts = ["RDY"];
        RunToEnd(script);

        Assert.Equal(AtResult.Aborted, script.Result);
        Assert.Equal("aborted by \"RDY\" during AT+CGACT=1,1", script.ErrorText);
        Assert.Equal(["RDY"], _urcs);
        Assert.InRange(_clock.NowMs, 800, 900);
    }

    [Fact]
    public void Prompt_gets_the_payload_and_ctrl_z()
    {
        List<byte> sent = [];
        _line.Transmitted += bytes => sent.AddRange(bytes);
        _device.Answer("AT+CMGS=\"+4915112345678\"", "\r\n> ");
        AtStep sms = Step("AT+CMGS=\"+4915112345678\"", timeoutMs: 5000);
        sms.Payload = Encoding.ASCII.GetBytes("link 2 down");
        _engine.Run(Script(sms));
        _loop.RunFor(_clock, 100);

        Assert.EndsWith("link 2 down\u001a", Encoding.ASCII.GetString(sent.ToArray()));
    }

    [Fact]
    public void No_carrier_with_no_command_waiting_is_a_urc()
    {
        _device.Send("\r\nNO CARRIER\r\n\r\nOK\r\n");
        _loop.RunFor(_clock, 10);

        Assert.Equal(["NO CARRIER"], _urcs);
        Assert.Equal(1, _engine.StaleResults);
    }

    [Fact]
    public void Bare_line_response_does_not_swallow_a_registered_urc()
    {
        _device.Answer("AT+CIMI", "\r\nRDY\r\n\r\n262019876543210\r\n\r\nOK\r\n");
        string? imsi = null;
        RunToEnd(Script(Step("AT+CIMI", "", l => imsi = l.Text)));

        Assert.Equal("262019876543210", imsi);
        Assert.Equal(["RDY"], _urcs);
    }

    [Fact]
    public void Noise_bytes_and_overlong_lines_are_dropped_and_counted()
    {
        _device.Answer("AT+CSQ", "\r\n+CSQ: 1\u00ff\u00ff7,99\r\n" + new string('x', 600) + "\r\nOK\r\n");
        int rssi = -1;
        AtScript script = RunToEnd(Script(Step("AT+CSQ", "+CSQ:", l => l.TryGetInt(0, out rssi))));

        Assert.Equal(AtResult.Ok, script.Result);
        Assert.Equal(17, rssi);
        Assert.Equal(2, _engine.NoiseBytes);
        Assert.Equal(1, _engine.OverlongLines);
    }

    [Fact]
    public void Cancel_all_ends_running_and_queued_scripts()
    {
        _device.Answer("AT+COPS=?", "", delayMs: 100_000);
        AtScript running = Script(Step("AT+COPS=?", timeoutMs: 180_000));
        AtScript queued = Script(Step("AT+CSQ"));
        _engine.Run(running);
        _engine.Run(queued);
        _loop.RunFor(_clock, 50);
        _engine.CancelAll("power cycle");

        Assert.Equal(AtResult.Cancelled, running.Result);
        Assert.Equal(AtResult.Cancelled, queued.Result);
        Assert.Equal("power cycle", queued.ErrorText);
        Assert.False(_engine.IsBusy);
        Assert.Equal(0, _loop.ArmedTimerCount - 1);
    }

    [Fact]
    public void Running_a_busy_script_again_is_refused()
    {
        _device.Answer("AT", "\r\nOK\r\n", delayMs: 100);
        AtScript script = Script(Step("AT"));
        _engine.Run(script);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => _engine.Run(script));
        Assert.Equal("script test is already queued or running", e.Message);
    }
}
