namespace NfBond.Firmware.Modems;

/// <summary>The dialects of the supported modem families, chosen by the board file's model name.</summary>
public static class ModemDialects
{
    /// <summary>Gets the dialect for <paramref name="model"/> (EC25, EG25-G, RM500Q, RM520N, SIM7600, A7670; anything else is generic).</summary>
    /// <param name="model">The model name from the board definition.</param>
    /// <returns>A new dialect object.</returns>
    public static ModemDialect ForModel(string model)
    {
        if (model == "EC25" || model == "EG25-G")
        {
            return Quectel("EC2x", false);
        }

        if (model == "RM500Q" || model == "RM520N")
        {
            return Quectel("RM5xx", true);
        }

        if (model == "SIM7600" || model == "A7670")
        {
            ModemDialect simcom = new ModemDialect();
            simcom.Name = model == "A7670" ? "A76xx" : "SIM7600";
            simcom.BootUrcs = model == "A7670" ? new string[] { "*ATREADY", "RDY" } : new string[] { "RDY" };
            simcom.ConfigRequests = new string[] { "AT+CSCLK=0", "AT+CATR=1" };
            simcom.RevisionRequest = "AT+CGMR";
            simcom.RevisionPrefix = "+CGMR:";
            simcom.IccidRequest = "AT+CICCID";
            simcom.ServingCellRequest = "AT+CPSI?";
            simcom.ServingCellPrefix = "+CPSI:";
            simcom.Ping = PingStyle.Simcom;
            simcom.Auth = AuthStyle.Simcom;
            simcom.PowerOffRequest = "AT+CPOF";
            simcom.SoftResetRequest = "AT+CRESET";
            return simcom;
        }

        return new ModemDialect();
    }

    private static ModemDialect Quectel(string name, bool has5g)
    {
        ModemDialect quectel = new ModemDialect();
        quectel.Name = name;
        quectel.BootUrcs = new string[] { "RDY" };
        // URCs go to USB until told otherwise, crash dumps freeze the module, and sleep makes it deaf.
        quectel.ConfigRequests = new string[]
        {
            "AT+QURCCFG=\"urcport\",\"uart1\"", "AT+QCFG=\"ApRstLevel\",1", "AT+QCFG=\"ModemRstLevel\",1",
            "AT+QSCLK=0", "AT+QSIMSTAT=1",
        };
        quectel.RevisionRequest = "AT+QGMR";
        quectel.RevisionPrefix = "";
        quectel.IccidRequest = "AT+QCCID";
        quectel.ServingCellRequest = "AT+QENG=\"servingcell\"";
        quectel.ServingCellPrefix = "+QENG:";
        quectel.CountersRequest = "AT+QGDCNT?";
        quectel.CountersPrefix = "+QGDCNT:";
        quectel.SessionUrc = "+QIURC:";
        quectel.SimUrc = "+QSIMSTAT:";
        quectel.Ping = PingStyle.Quectel;
        quectel.Auth = AuthStyle.Quectel;
        quectel.PowerOffRequest = "AT+QPOWD=1";
        quectel.PowerOffUrc = "POWERED DOWN";
        quectel.SoftResetRequest = "AT+CFUN=1,1";
        quectel.Has5g = has5g;
        return quectel;
    }
}
