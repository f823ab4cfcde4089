using NfBond.Firmware.At;

namespace NfBond.Firmware.Modems;

/// <summary>
/// Decodes what Quectel EC2x/EG2x/RM5xx, SIMCom SIM7600/A76xx and plain 3GPP TS 27.007 modems print into a
/// <see cref="ModemStatus"/>. The supervisor's scripts and the field-log decoder both call it, so the
/// controller and the integrator read a log the same way.
/// </summary>
/// <remarks>
/// Strings are only allocated when a value changed: steady-state polls decode without garbage.
/// </remarks>
public static class ModemDecoder
{
    private static readonly string[] s_registrationPrefixes = { "+CREG:", "+CGREG:", "+CEREG:", "+C5GREG:" };
    private static readonly string[] s_iccidPrefixes = { "+QCCID:", "+ICCID:", "+CICCID:", "+CCID:" };

    /// <summary>Decodes one line into <paramref name="status"/>.</summary>
    /// <param name="command">The command the line answers (needed for bare lines like the IMEI), or null for a URC.</param>
    /// <param name="line">The line; must not be a final result.</param>
    /// <param name="status">Updated in place.</param>
    /// <returns>The <see cref="ModemUpdate"/> flags of what the line carried; 0 when not recognised.</returns>
    public static int Decode(string? command, AtLine line, ModemStatus status)
    {
        if (line.Length == 0)
        {
            return ModemUpdate.None;
        }

        if (line[0] != '+')
        {
            return DecodeBare(command, line, status);
        }

        for (int i = 0; i < s_registrationPrefixes.Length; i++)
        {
            if (line.StartsWith(s_registrationPrefixes[i]))
            {
                return DecodeRegistration(i, line, status);
            }
        }

        for (int i = 0; i < s_iccidPrefixes.Length; i++)
        {
            if (line.StartsWith(s_iccidPrefixes[i]))
            {
                status.Iccid = IccidOf(line);
                return ModemUpdate.Identity;
            }
        }

        if (line.StartsWith("+CSQ:"))
        {
            return DecodeCsq(line, status);
        }

        if (line.StartsWith("+CESQ:"))
        {
            return DecodeCesq(line, status);
        }

        if (line.StartsWith("+QCSQ:"))
        {
            return DecodeQcsq(line, status);
        }

        if (line.StartsWith("+QENG:"))
        {
            return DecodeServingCell(line, status);
        }

        if (line.StartsWith("+CPSI:"))
        {
            return DecodeCpsi(line, status);
        }

        if (line.StartsWith("+COPS:"))
        {
            return DecodeCops(line, status);
        }

        if (line.StartsWith("+CPIN:"))
        {
            return DecodeCpin(line, status);
        }

        if (line.StartsWith("+CME ERROR:"))
        {
            return ApplyError(AtFinalResult.ErrorCode(line), status);
        }

        if (line.StartsWith("+CGPADDR:"))
        {
            return DecodePdpAddress(line, status);
        }

        if (line.StartsWith("+CGACT:"))
        {
            int cid;
            int state;
            if (line.TryGetInt(0, out cid) && cid == 1 && line.TryGetInt(1, out state))
            {
                status.PdpActive = state == 1;
                return ModemUpdate.Pdp;
            }

            return ModemUpdate.None;
        }

        if (line.StartsWith("+CGDCONT:"))
        {
            int cid;
            if (line.TryGetInt(0, out cid) && cid == 1)
            {
                status.Apn = Keep(status.Apn, line, 2);
                return ModemUpdate.Pdp;
            }

            return ModemUpdate.None;
        }

        if (line.StartsWith("+QGDCNT:"))
        {
            long tx;
            long rx;
            if (line.TryGetLong(0, out tx) && line.TryGetLong(1, out rx))
            {
                status.BytesTx = tx;
                status.BytesRx = rx;
                return ModemUpdate.Counters;
            }

            return ModemUpdate.None;
        }

        if (line.StartsWith("+QPING:") || line.StartsWith("+CPING:"))
        {
            return DecodePing(line, status.Ping) ? ModemUpdate.Ping : ModemUpdate.None;
        }

        if (line.StartsWith("+CGEV:"))
        {
            if (line.StartsWith("+CGEV: NW PDN DEACT") || line.StartsWith("+CGEV: ME PDN DEACT")
                || line.StartsWith("+CGEV: NW DETACH") || line.StartsWith("+CGEV: ME DETACH")
                || line.StartsWith("+CGEV: NW DEACT") || line.StartsWith("+CGEV: ME DEACT"))
            {
                status.PdpActive = false;
                status.PdpAddress = null;
                return ModemUpdate.PdpLost;
            }

            return ModemUpdate.None;
        }

        if (line.StartsWith("+QSIMSTAT:"))
        {
            return DecodeSimStat(line, status);
        }

        if (line.StartsWith("+QIURC:") && line.FieldIs(0, "pdpdeact"))
        {
            status.PdpActive = false;
            status.PdpAddress = null;
            return ModemUpdate.PdpLost;
        }

        if (line.StartsWith("+CEER:"))
        {
            status.LastCause = line.IsQuoted(0) ? line.FieldText(0) : line.ValueText();
            return ModemUpdate.Cause;
        }

        if (line.StartsWith("+CGSN:"))
        {
            status.Imei = Keep(status.Imei, line, 0);
            return ModemUpdate.Identity;
        }

        if (line.StartsWith("+CGMR:"))
        {
            status.Revision = Keep(status.Revision, line, 0);
            return ModemUpdate.Identity;
        }

        return ModemUpdate.None;
    }

    /// <summary>Tells whether a line is an ICCID answer, whichever of the vendors' prefixes it has.</summary>
    /// <param name="line">A line starting with <c>+</c>.</param>
    /// <returns>True for <c>+QCCID:</c>, <c>+ICCID:</c>, <c>+CICCID:</c> or <c>+CCID:</c>.</returns>
    public static bool IsIccidLine(AtLine line)
    {
        for (int i = 0; i < s_iccidPrefixes.Length; i++)
        {
            if (line.StartsWith(s_iccidPrefixes[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Tells a registration read response (<c>+CEREG: &lt;n&gt;,&lt;stat&gt;,...</c>) from a URC
    /// (<c>+CEREG: &lt;stat&gt;[,"tac",...]</c>): the read response's second field is an unquoted number.
    /// </summary>
    /// <param name="line">A line starting with a registration prefix.</param>
    /// <returns>True for a read response.</returns>
    public static bool IsRegistrationRead(AtLine line) => line.FieldCount >= 2 && !line.IsQuoted(1) && !line.IsEmpty(1);

    /// <summary>
    /// Tells whether a deferred ping line ends the run: the Quectel summary (7 fields, unquoted second), a
    /// Quectel error (non-zero first field), or the SIMCom summary (first field 3).
    /// </summary>
    /// <param name="line">A <c>+QPING:</c> or <c>+CPING:</c> line.</param>
    /// <returns>True when no more ping lines follow.</returns>
    public static bool IsPingComplete(AtLine line)
    {
        int first;
        if (!line.TryGetInt(0, out first))
        {
            return true;
        }

        if (line.StartsWith("+CPING:"))
        {
            return first == 3;
        }

        return first != 0 || (line.FieldCount == 7 && !line.IsQuoted(1));
    }

    private static int DecodeBare(string? command, AtLine line, ModemStatus status)
    {
        if (line.StartsWith("RDY") || line.StartsWith("*ATREADY") || line.Is("APP RDY") || line.Is("START"))
        {
            status.Boots++;
            status.ForgetSession();
            return ModemUpdate.Boot;
        }

        if (line.Is("POWERED DOWN") || line.Is("NORMAL POWER DOWN"))
        {
            status.ForgetSession();
            return ModemUpdate.PowerDown;
        }

        // ATI (and the SIMCom identity block) label each line: "Manufacturer: ", "Model: ", "Revision: ", "IMEI: ".
        if (line.StartsWith("Revision: "))
        {
            status.Revision = KeepFrom(status.Revision, line, 10);
            return ModemUpdate.Identity;
        }

        if (line.StartsWith("Manufacturer: "))
        {
            status.Manufacturer = KeepFrom(status.Manufacturer, line, 14);
            return ModemUpdate.Identity;
        }

        if (line.StartsWith("Model: "))
        {
            status.Model = KeepFrom(status.Model, line, 7);
            return ModemUpdate.Identity;
        }

        if (line.StartsWith("IMEI: "))
        {
            status.Imei = KeepFrom(status.Imei, line, 6);
            return ModemUpdate.Identity;
        }

        if (command == null)
        {
            return ModemUpdate.None;
        }

        if (command == "ATI")
        {
            // Quectel's ATI is unlabelled: manufacturer, then model, then the labelled revision.
            if (status.Manufacturer == null || line.Is(status.Manufacturer))
            {
                status.Manufacturer = KeepLine(status.Manufacturer, line);
            }
            else
            {
                status.Model = KeepLine(status.Model, line);
            }

            return ModemUpdate.Identity;
        }

        if (command == "AT+CGMI" || command == "AT+GMI")
        {
            status.Manufacturer = KeepLine(status.Manufacturer, line);
        }
        else if (command == "AT+CGMM" || command == "AT+GMM")
        {
            status.Model = KeepLine(status.Model, line);
        }
        else if (command == "AT+CGMR" || command == "AT+GMR" || command == "AT+QGMR")
        {
            status.Revision = KeepLine(status.Revision, line);
        }
        else if (command == "AT+CGSN" || command == "AT+GSN")
        {
            status.Imei = KeepLine(status.Imei, line);
        }
        else if (command == "AT+CIMI")
        {
            status.Imsi = KeepLine(status.Imsi, line);
        }
        else if (command == "AT+CCID" || command == "AT+ICCID")
        {
            status.Iccid = IccidOf(line);
        }
        else
        {
            return ModemUpdate.None;
        }

        return ModemUpdate.Identity;
    }

    private static int DecodeRegistration(int domain, AtLine line, ModemStatus status)
    {
        int offset = IsRegistrationRead(line) ? 1 : 0;
        int stat;
        if (!line.TryGetInt(offset, out stat))
        {
            return ModemUpdate.None;
        }

        RegistrationState state = StateOf(stat);
        status.SetDomainRegistration(domain, state);
        status.RegistrationSource = s_registrationPrefixes[domain];
        long value;
        if (line.TryGetHex(offset + 1, out value))
        {
            status.AreaCode = value;
        }

        if (line.TryGetHex(offset + 2, out value))
        {
            status.CellId = value;
        }

        int act;
        if (line.TryGetInt(offset + 3, out act))
        {
            status.Act = act;
        }

        return ModemUpdate.Registration;
    }

    private static RegistrationState StateOf(int stat)
    {
        switch (stat)
        {
            case 0:
                return RegistrationState.NotSearching;
            case 1:
            case 6:
            case 9:
                return RegistrationState.Home;
            case 2:
                return RegistrationState.Searching;
            case 3:
                return RegistrationState.Denied;
            case 5:
            case 7:
            case 10:
                return RegistrationState.Roaming;
            default:
                return RegistrationState.Unknown;
        }
    }

    private static int DecodeCsq(AtLine line, ModemStatus status)
    {
        int rssi;
        if (!line.TryGetInt(0, out rssi))
        {
            return ModemUpdate.None;
        }

        // TS 27.007: 0 is -113 dBm or less, n is -113 + 2n, 31 is -51 dBm or more, 99 not known.
        status.RssiDbm = rssi >= 0 && rssi <= 31 ? -113 + 2 * rssi : ModemStatus.NotAvailable;
        return ModemUpdate.Signal;
    }

    private static int DecodeCesq(AtLine line, ModemStatus status)
    {
        int rsrq;
        int rsrp;
        if (!line.TryGetInt(4, out rsrq) || !line.TryGetInt(5, out rsrp))
        {
            return ModemUpdate.None;
        }

        status.RsrqTenthsDb = rsrq >= 0 && rsrq <= 34 ? -200 + rsrq * 5 : ModemStatus.NotAvailable;
        // TS 27.007: 0 is below -140 dBm, n is -141 + n up to 97 (-44 dBm or more); RSRQ 0 is below -19.5 dB, n is -20 + n/2.
        status.RsrpDbm = rsrp >= 0 && rsrp <= 97 ? -141 + rsrp : ModemStatus.NotAvailable;
        return ModemUpdate.Signal;
    }

    private static int DecodeQcsq(AtLine line, ModemStatus status)
    {
        if (line.FieldIs(0, "NOSERVICE"))
        {
            status.ClearSignal();
            return ModemUpdate.Signal;
        }

        if (line.FieldIs(0, "LTE"))
        {
            status.RssiDbm = IntOr(line, 1);
            status.RsrpDbm = IntOr(line, 2);
            int sinr;
            status.SinrTenthsDb = line.TryGetInt(3, out sinr) && sinr >= 0 && sinr <= 250 ? sinr * 2 - 200 : ModemStatus.NotAvailable;
            status.RsrqTenthsDb = Tenths(line, 4);
            return ModemUpdate.Signal;
        }

        if (line.FieldIs(0, "NR5G"))
        {
            status.NrRsrpDbm = IntOr(line, 1);
            return ModemUpdate.Signal;
        }

        status.RssiDbm = IntOr(line, 1);
        return ModemUpdate.Signal;
    }

    private static int DecodeServingCell(AtLine line, ModemStatus status)
    {
        if (line.FieldIs(0, "servingcell"))
        {
            status.ServingState = Keep(status.ServingState, line, 1);
            if (line.FieldIs(2, "LTE"))
            {
                DecodeLteCell(line, 4, 12, status);
                status.Act = AccessTechnology.Lte;
                return ModemUpdate.Signal | ModemUpdate.Operator;
            }

            if (line.FieldIs(2, "NR5G-SA"))
            {
                SetPlmn(line, 4, 5, status);
                CellAndArea(line, 6, 8, status);
                status.RsrpDbm = IntOr(line, 12);
                status.NrRsrpDbm = status.RsrpDbm;
                status.RsrqTenthsDb = Tenths(line, 13);
                status.SinrTenthsDb = Tenths(line, 14);
                status.Act = AccessTechnology.Nr5gc;
                return ModemUpdate.Signal | ModemUpdate.Operator;
            }

            return ModemUpdate.Signal;
        }

        if (line.FieldIs(0, "LTE"))
        {
            // Second line of the EN-DC (5G NSA) form: the LTE anchor, no "servingcell" and state fields.
            DecodeLteCell(line, 2, 10, status);
            return ModemUpdate.Signal | ModemUpdate.Operator;
        }

        if (line.FieldIs(0, "NR5G-NSA"))
        {
            status.NrRsrpDbm = IntOr(line, 4);
            status.Act = AccessTechnology.EnDc;
            return ModemUpdate.Signal;
        }

        return ModemUpdate.None;
    }

    // LTE cell fields from mcc: mcc, mnc, cellid, pci, earfcn, band, ul_bw, dl_bw, tac, rsrp, rsrq, rssi, sinr.
    private static void DecodeLteCell(AtLine line, int mccIndex, int tacIndex, ModemStatus status)
    {
        SetPlmn(line, mccIndex, mccIndex + 1, status);
        CellAndArea(line, mccIndex + 2, tacIndex, status);
        status.RsrpDbm = IntOr(line, tacIndex + 1);
        status.RsrqTenthsDb = Tenths(line, tacIndex + 2);
        status.RssiDbm = IntOr(line, tacIndex + 3);
        status.SinrTenthsDb = Tenths(line, tacIndex + 4);
    }

    private static int DecodeCpsi(AtLine line, ModemStatus status)
    {
        status.ServingState = Keep(status.ServingState, line, 1);
        if (line.FieldIs(0, "NO SERVICE"))
        {
            status.ClearSignal();
            return ModemUpdate.Signal;
        }

        int mcc;
        int mnc;
        int digits;
        if (line.TryGetIntPart(2, '-', 0, out mcc, out digits) && line.TryGetIntPart(2, '-', 1, out mnc, out digits))
        {
            status.Mcc = mcc;
            status.Mnc = mnc;
            status.MncDigits = digits;
        }

        if (!line.FieldIs(0, "LTE"))
        {
            return ModemUpdate.Operator;
        }

        long value;
        if (line.TryGetHex(3, out value))
        {
            status.AreaCode = value;
        }

        if (line.TryGetLong(4, out value))
        {
            status.CellId = value;
        }

        // Many SIMCom firmwares print RSRQ, RSRP and RSSI in tenths of a dB: a value outside the physical
        // range of the dB reading gives it away.
        int v;
        status.RsrqTenthsDb = line.TryGetInt(10, out v) ? (v < -34 ? v : v * 10) : ModemStatus.NotAvailable;
        status.RsrpDbm = line.TryGetInt(11, out v) ? (v < -140 ? NearestTenth(v) : v) : ModemStatus.NotAvailable;
        status.RssiDbm = line.TryGetInt(12, out v) ? (v < -120 ? NearestTenth(v) : v) : ModemStatus.NotAvailable;
        status.SinrTenthsDb = Tenths(line, 13);
        status.Act = AccessTechnology.Lte;
        return ModemUpdate.Signal | ModemUpdate.Operator;
    }

    private static int DecodeCops(AtLine line, ModemStatus status)
    {
        int format;
        if (!line.TryGetInt(1, out format) || line.IsEmpty(2))
        {
            status.OperatorName = null;
            status.Mcc = ModemStatus.NotAvailable;
            status.Mnc = ModemStatus.NotAvailable;
            return ModemUpdate.Operator;
        }

        if (format == 2)
        {
            int mcc;
            int mnc;
            int length = line.FieldLength(2);
            if (length >= 5 && line.TryGetIntSlice(2, 0, 3, out mcc) && line.TryGetIntSlice(2, 3, length - 3, out mnc))
            {
                status.Mcc = mcc;
                status.Mnc = mnc;
                status.MncDigits = length - 3;
            }
        }
        else
        {
            status.OperatorName = Keep(status.OperatorName, line, 2);
        }

        int act;
        if (line.TryGetInt(3, out act))
        {
            status.Act = act;
        }

        return ModemUpdate.Operator;
    }

    // Quectel: +QSIMSTAT: <enable>,<inserted> with 0 removed, 1 inserted, 2 unknown. An inserted SIM's
    // state is unknown until +CPIN says, so only a removal changes the status.
    private static int DecodeSimStat(AtLine line, ModemStatus status)
    {
        if (line.FieldIs(1, "1"))
        {
            return ModemUpdate.SimInserted;
        }

        if (line.FieldIs(1, "0"))
        {
            status.Sim = SimState.NotInserted;
            return ModemUpdate.Sim;
        }

        return ModemUpdate.None;
    }

    private static int DecodeCpin(AtLine line, ModemStatus status)
    {
        SimState state;
        if (line.FieldIs(0, "READY"))
        {
            state = SimState.Ready;
        }
        else if (line.FieldIs(0, "SIM PIN") || line.FieldIs(0, "PH-SIM PIN"))
        {
            state = SimState.PinRequired;
        }
        else if (line.FieldIs(0, "SIM PUK"))
        {
            state = SimState.PukRequired;
        }
        else if (line.FieldIs(0, "NOT INSERTED"))
        {
            state = SimState.NotInserted;
        }
        else if (line.FieldIs(0, "NOT READY"))
        {
            state = SimState.Busy;
        }
        else
        {
            state = SimState.Failure;
        }

        status.Sim = state;
        return ModemUpdate.Sim;
    }

    /// <summary>Applies a <c>+CME ERROR</c> code that describes the SIM (10 to 15) to <paramref name="status"/>.</summary>
    /// <param name="code">The error code.</param>
    /// <param name="status">Updated in place.</param>
    /// <returns><see cref="ModemUpdate.Sim"/>, or <see cref="ModemUpdate.None"/> for other codes.</returns>
    public static int ApplyError(int code, ModemStatus status)
    {
        switch (code)
        {
            case AtErrors.SimNotInserted:
                status.Sim = SimState.NotInserted;
                break;
            case AtErrors.SimPinRequired:
                status.Sim = SimState.PinRequired;
                break;
            case AtErrors.SimPukRequired:
                status.Sim = SimState.PukRequired;
                break;
            case AtErrors.SimBusy:
                status.Sim = SimState.Busy;
                break;
            case AtErrors.SimFailure:
            case AtErrors.SimWrong:
                status.Sim = SimState.Failure;
                break;
            default:
                return ModemUpdate.None;
        }

        return ModemUpdate.Sim;
    }

    private static int DecodePdpAddress(AtLine line, ModemStatus status)
    {
        int cid;
        if (!line.TryGetInt(0, out cid) || cid != 1)
        {
            return ModemUpdate.None;
        }

        if (line.IsEmpty(1) || line.FieldIs(1, "0.0.0.0") || line.FieldIs(1, "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"))
        {
            status.PdpAddress = null;
        }
        else
        {
            status.PdpAddress = Keep(status.PdpAddress, line, 1);
        }

        return ModemUpdate.Pdp;
    }

    /// <summary>Decodes one <c>+QPING:</c> or <c>+CPING:</c> line into <paramref name="result"/>.</summary>
    /// <param name="line">The line.</param>
    /// <param name="result">Updated with what the line says.</param>
    /// <returns>False when the line is not a ping result.</returns>
    public static bool DecodePing(AtLine line, PingResult result)
    {
        int first;
        if ((!line.StartsWith("+QPING:") && !line.StartsWith("+CPING:")) || !line.TryGetInt(0, out first))
        {
            return false;
        }

        int v;
        if (line.StartsWith("+CPING:"))
        {
            if (first == 1 && line.TryGetInt(3, out v))
            {
                result.RttMs = v;
            }
            else if (first == 3 && line.TryGetInt(1, out v))
            {
                result.Sent = v;
                result.Received = line.TryGetInt(2, out v) ? v : 0;
                result.Error = 0;
            }

            return true;
        }

        if (first != 0)
        {
            result.Error = first;
            result.Sent = 0;
            result.Received = 0;
        }
        else if (line.IsQuoted(1))
        {
            result.RttMs = line.TryGetInt(3, out v) ? v : -1;
        }
        else if (line.TryGetInt(1, out v))
        {
            result.Sent = v;
            result.Received = line.TryGetInt(2, out v) ? v : 0;
            result.Error = 0;
        }

        return true;
    }

    private static void SetPlmn(AtLine line, int mccIndex, int mncIndex, ModemStatus status)
    {
        int mcc;
        int mnc;
        if (line.TryGetInt(mccIndex, out mcc) && line.TryGetInt(mncIndex, out mnc))
        {
            status.Mcc = mcc;
            status.Mnc = mnc;
            status.MncDigits = line.FieldLength(mncIndex);
        }
    }

    private static void CellAndArea(AtLine line, int cellIndex, int areaIndex, ModemStatus status)
    {
        long value;
        if (line.TryGetHex(cellIndex, out value))
        {
            status.CellId = value;
        }

        if (line.TryGetHex(areaIndex, out value))
        {
            status.AreaCode = value;
        }
    }

    private static int IntOr(AtLine line, int index)
    {
        int value;
        return line.TryGetInt(index, out value) ? value : ModemStatus.NotAvailable;
    }

    private static int Tenths(AtLine line, int index)
    {
        int value;
        return line.TryGetInt(index, out value) ? value * 10 : ModemStatus.NotAvailable;
    }

    private static string? Keep(string? current, AtLine line, int index)
    {
        if (line.IsEmpty(index))
        {
            return null;
        }

        return line.FieldEquals(index, current) ? current : line.FieldText(index);
    }

    // A negative reading in tenths of a dB to the nearest whole dB (-706 is -70.6 dBm: -71, not the truncated -70).
    private static int NearestTenth(int tenths) => (tenths - 5) / 10;

    private static string KeepFrom(string? current, AtLine line, int offset) =>
        current != null && line.RestIs(offset, current) ? current : line.TextFrom(offset);

    private static string KeepLine(string? current, AtLine line) =>
        current != null && line.Is(current) ? current : line.Text;

    private static string IccidOf(AtLine line)
    {
        string iccid = line.FieldText(0);
        int end = iccid.Length;
        while (end > 0 && (iccid[end - 1] == 'F' || iccid[end - 1] == 'f'))
        {
            end--;
        }

        return end == iccid.Length ? iccid : iccid.Substring(0, end);
    }
}
