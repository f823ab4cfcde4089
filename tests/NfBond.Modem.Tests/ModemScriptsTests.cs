using NfBond.Firmware.At;
using NfBond.Firmware.Modems;

namespace NfBond.Modem.Tests;

/// <summary>The conversations <see cref="ModemScripts"/> builds from each dialect, request by request.</summary>
public class ModemScriptsTests
{
    private static readonly AtLineHandler s_ignore = _ => { };

    private static string[] Requests(AtScript script) => script.Steps.Select(s => s.Request).ToArray();

    private static ModemScripts For(string model, ModemSupervisorOptions? options = null) =>
        new(ModemDialects.ForModel(model), options ?? new ModemSupervisorOptions(), s_ignore);

    [Fact]
    public void Configuration_reads_each_identity_once_and_asks_for_5g_registration_only_where_the_modem_has_it()
    {
        string[] ec25 = Requests(For("EC25").Configure(null!));
        Assert.Equal(
            [
                "ATE0", "AT+CMEE=2", "AT+QURCCFG=\"urcport\",\"uart1\"", "AT+QCFG=\"ApRstLevel\",1", "AT+QCFG=\"ModemRstLevel\",1", "AT+QSCLK=0", "AT+QSIMSTAT=1",
                "AT+CREG=2", "AT+CGREG=2", "AT+CEREG=2", "AT+CGEREP=2,1", "AT+COPS=3,2", "AT+CGMI", "AT+CGMM", "AT+QGMR", "AT+CGSN",
            ],
            ec25);

        string[] rm500 = Requests(For("RM500Q").Configure(null!));
        Assert.Single(rm500, r => r == "AT+C5GREG=2");
        Assert.Single(rm500, r => r == "AT+CGMI");

        string[] sim7600 = Requests(For("SIM7600").Configure(null!));
        Assert.Equal(["ATE0", "AT+CMEE=2", "AT+CSCLK=0", "AT+CATR=1"], sim7600[..4]);
        Assert.DoesNotContain("AT+C5GREG=2", sim7600);
        Assert.Single(sim7600, r => r == "AT+CGMI");
    }

    [Theory]
    [InlineData("EC25", new[] { "AT+CSQ", "AT+CGREG?", "AT+CEREG?", "AT+CGPADDR=1", "AT+QGDCNT?", "AT+QENG=\"servingcell\"" })]
    [InlineData("RM520N", new[] { "AT+CSQ", "AT+C5GREG?", "AT+CEREG?", "AT+CGPADDR=1", "AT+QGDCNT?", "AT+QENG=\"servingcell\"" })]
    [InlineData("SIM7600", new[] { "AT+CSQ", "AT+CGREG?", "AT+CEREG?", "AT+CGPADDR=1", "AT+CPSI?" })]
    public void Steady_poll_reuses_the_registration_reads_and_takes_the_dialects_counters_and_cell(string model, string[] expected)
    {
        ModemScripts scripts = For(model);
        AtScript registration = scripts.Registration(null!);
        AtScript poll = scripts.Steady(registration, null!);

        Assert.Equal(expected, Requests(poll));
        Assert.Same(registration.Steps[2], poll.Steps[2]);
        Assert.Contains(poll.Steps, s => s.Request == "AT+CEREG?" && s.ResponseFilter != null);
        ModemDialect dialect = ModemDialects.ForModel(model);
        if (dialect.CountersRequest != null)
        {
            Assert.Equal("+QGDCNT:", poll.Steps.Single(s => s.Request == dialect.CountersRequest).ResponsePrefix);
        }
    }

    [Fact]
    public void Attach_sends_the_sims_apn_and_keeps_credentials_and_pin_out_of_logs()
    {
        ModemSupervisorOptions options = new() { Sim = new SimSettings { Apn = "business.gprsinternet", PdpType = "IP", User = "nfb", Password = "s3cret", Auth = 1, Pin = "4711" } };

        AtScript quectel = For("EC25", options).Attach(null!);
        Assert.Equal(["AT+CGDCONT=1,\"IP\",\"business.gprsinternet\"", "AT+QICSGP=1,1,\"business.gprsinternet\",\"nfb\",\"s3cret\",1", "AT+CGACT=1,1", "AT+CGPADDR=1"], Requests(quectel));
        Assert.Equal([false, true, false, false], quectel.Steps.Select(s => s.Secret).ToArray());

        AtScript simcom = For("SIM7600", options).Attach(null!);
        Assert.Equal("AT+CGAUTH=1,1,\"s3cret\",\"nfb\"", simcom.Steps[1].Request);

        AtScript pin = For("EC25", options).EnterPin(null!);
        Assert.Equal("AT+CPIN=\"4711\"", pin.Steps.Single().Request);
        Assert.True(pin.Steps.Single().Secret);

        AtScript open = For("EC25").Attach(null!);
        Assert.Equal(["AT+CGDCONT=1,\"IPV4V6\",\"internet\"", "AT+CGACT=1,1", "AT+CGPADDR=1"], Requests(open));
    }

    [Fact]
    public void Restarting_scripts_end_at_the_dialects_boot_urc_and_power_off_waits_for_its_confirmation()
    {
        ModemScripts a7670 = For("A7670");
        Assert.Equal(["*ATREADY", "RDY"], a7670.SoftReset(null!).Aborts!);
        Assert.Equal("AT+CRESET", a7670.SoftReset(null!).Steps.Single().Request);
        Assert.Equal(["*ATREADY", "RDY"], a7670.Configure(null!).Aborts!);

        AtStep quectelOff = For("EC25").PowerOff(null!).Steps.Single();
        Assert.Equal(("AT+QPOWD=1", "POWERED DOWN"), (quectelOff.Request, quectelOff.DeferredPrefix));
        Assert.Null(a7670.PowerOff(null!).Steps.Single().DeferredPrefix);
    }

    [Fact]
    public void No_ping_script_without_a_ping_host()
    {
        Assert.Null(For("EC25", new ModemSupervisorOptions { PingHost = null }).Ping(_ => true, null!));
        AtStep ping = For("SIM7600").Ping(_ => true, null!)!.Steps.Single();
        Assert.Equal("+CPING:", ping.DeferredPrefix);
    }
}
