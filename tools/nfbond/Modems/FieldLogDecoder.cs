using System.Text.Json;
using NfBond.Firmware.At;
using NfBond.Firmware.Modems;

namespace NfBond.Cli.Modems;

/// <summary>
/// Reads a UART log from the field (what the modem printed, with the host's <c>AT</c> commands as their
/// own lines) through the firmware's own decoder and writes JSON: one event per decoded line, or the final
/// state with <c>--summary</c>.
/// </summary>
public sealed class FieldLogDecoder
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ModemStatus _status = new();
    private readonly AtLine _line = new(4096);
    private string? _command;

    /// <summary>Gets the decoded state so far.</summary>
    public ModemStatus Status => _status;

    /// <summary>Decodes every line of <paramref name="reader"/>; events go to <paramref name="events"/> (or nowhere when null).</summary>
    /// <param name="reader">The log.</param>
    /// <param name="events">Receives one JSON object per line, or null.</param>
    /// <returns>How many lines were read.</returns>
    public int Decode(TextReader reader, TextWriter? events)
    {
        int number = 0;
        string? text;
        while ((text = reader.ReadLine()) != null)
        {
            number++;
            string trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
            {
                _command = trimmed;
                continue;
            }

            _line.Set(trimmed);
            AtResult final = AtFinalResult.Classify(_line);
            int flags = final == AtResult.Pending || final == AtResult.CmeError ? ModemDecoder.Decode(_command, _line, _status) : ModemUpdate.None;
            if (events != null && (flags != ModemUpdate.None || final != AtResult.Pending))
            {
                events.WriteLine(Event(number, trimmed, final, flags));
            }
        }

        return number;
    }

    /// <summary>Gets the final state as one JSON object with the documented snake_case keys.</summary>
    /// <returns>The JSON text.</returns>
    public string Summary()
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream, s_options))
        {
            json.WriteStartObject();
            WriteIdentity(json);
            WriteSim(json);
            WriteRegistration(json);
            WriteOperator(json);
            WriteSignal(json);
            WritePdp(json);
            WriteCounters(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private string Event(int number, string text, AtResult final, int flags)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream, s_options))
        {
            json.WriteStartObject();
            json.WriteNumber("line", number);
            if (_command != null)
            {
                json.WriteString("command", _command);
            }

            json.WriteString("text", text);
            if (final != AtResult.Pending)
            {
                json.WriteString("result", final switch
                {
                    AtResult.Ok => "ok",
                    AtResult.CmeError => "cme_error",
                    AtResult.CmsError => "cms_error",
                    AtResult.NoCarrier => "no_carrier",
                    AtResult.Connect => "connect",
                    _ => "error",
                });
            }

            WriteFlag(json, flags, ModemUpdate.Identity, "identity", WriteIdentity);
            WriteFlag(json, flags, ModemUpdate.Sim, "sim", WriteSim);
            WriteFlag(json, flags, ModemUpdate.Registration, "registration", WriteRegistration);
            WriteFlag(json, flags, ModemUpdate.Operator, "operator", WriteOperator);
            WriteFlag(json, flags, ModemUpdate.Signal, "signal", WriteSignal);
            WriteFlag(json, flags, ModemUpdate.Pdp | ModemUpdate.PdpLost, "pdp", WritePdp);
            WriteFlag(json, flags, ModemUpdate.Counters, "counters", WriteCounters);
            WriteFlag(json, flags, ModemUpdate.Ping, "ping", WritePing);
            WriteFlag(json, flags, ModemUpdate.Boot, "boot", _ => { });
            WriteFlag(json, flags, ModemUpdate.PowerDown, "power_down", _ => { });
            WriteFlag(json, flags, ModemUpdate.Cause, "cause", j => j.WriteString("cause", _status.LastCause));
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteFlag(Utf8JsonWriter json, int flags, int flag, string name, Action<Utf8JsonWriter> write)
    {
        if ((flags & flag) != 0)
        {
            json.WriteString("event", name);
            write(json);
        }
    }

    private void WriteIdentity(Utf8JsonWriter json)
    {
        Optional(json, "manufacturer", _status.Manufacturer);
        Optional(json, "model", _status.Model);
        Optional(json, "revision", _status.Revision);
        Optional(json, "imei", _status.Imei);
        Optional(json, "imsi", _status.Imsi);
        Optional(json, "iccid", _status.Iccid);
    }

    private void WriteSim(Utf8JsonWriter json)
    {
        if (_status.Sim != SimState.Unknown)
        {
            json.WriteString("sim", _status.Sim switch
            {
                SimState.Ready => "ready",
                SimState.Busy => "busy",
                SimState.PinRequired => "pin_required",
                SimState.PukRequired => "puk_required",
                SimState.NotInserted => "not_inserted",
                _ => "failure",
            });
        }
    }

    private void WriteRegistration(Utf8JsonWriter json)
    {
        json.WriteString("registration", _status.Registration switch
        {
            RegistrationState.Home => "home",
            RegistrationState.Roaming => "roaming",
            RegistrationState.Searching => "searching",
            RegistrationState.Denied => "denied",
            RegistrationState.NotSearching => "not_searching",
            _ => "unknown",
        });
        json.WriteBoolean("roaming", _status.Registration == RegistrationState.Roaming);
        Optional(json, "act", AccessTechnology.NameOf(_status.Act));
    }

    private void WriteOperator(Utf8JsonWriter json)
    {
        Optional(json, "operator", _status.OperatorName);
        if (_status.Mcc != ModemStatus.NotAvailable)
        {
            json.WriteString("mcc", _status.Mcc.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("mnc", _status.Mnc.ToString("D" + _status.MncDigits, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private void WriteSignal(Utf8JsonWriter json)
    {
        Figure(json, "rssi_dbm", _status.RssiDbm, 1);
        Figure(json, "rsrp_dbm", _status.RsrpDbm, 1);
        Figure(json, "rsrq_db", _status.RsrqTenthsDb, 10);
        Figure(json, "sinr_db", _status.SinrTenthsDb, 10);
        Figure(json, "nr_rsrp_dbm", _status.NrRsrpDbm, 1);
    }

    private void WritePdp(Utf8JsonWriter json)
    {
        Optional(json, "apn", _status.Apn);
        json.WriteBoolean("pdp_active", _status.PdpActive || _status.PdpAddress != null);
        Optional(json, "pdp_address", _status.PdpAddress);
    }

    private void WriteCounters(Utf8JsonWriter json)
    {
        if (_status.BytesTx >= 0)
        {
            json.WriteNumber("bytes_tx", _status.BytesTx);
            json.WriteNumber("bytes_rx", _status.BytesRx);
        }
    }

    private void WritePing(Utf8JsonWriter json)
    {
        if (_status.Ping.RttMs >= 0)
        {
            json.WriteNumber("ping_rtt_ms", _status.Ping.RttMs);
        }

        json.WriteNumber("ping_sent", _status.Ping.Sent);
        json.WriteNumber("ping_received", _status.Ping.Received);
        if (_status.Ping.Error != 0)
        {
            json.WriteNumber("ping_error", _status.Ping.Error);
        }
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value != null)
        {
            json.WriteString(name, value);
        }
    }

    private static void Figure(Utf8JsonWriter json, string name, int value, int divisor)
    {
        if (value == ModemStatus.NotAvailable)
        {
            return;
        }

        if (divisor == 1)
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNumber(name, value / (double)divisor);
        }
    }
}
