namespace NfBond.Firmware.Text;

/// <summary>IPv4 addresses as host-order integers: parsing and formatting without System.Net (absent on some boards).</summary>
public static class Ip4
{
    /// <summary>Parses dotted-quad notation.</summary>
    /// <param name="text">For example "192.168.50.254".</param>
    /// <param name="address">The address, host order.</param>
    /// <returns>True if valid.</returns>
    public static bool TryParse(string text, out uint address)
    {
        address = 0;
        string[] parts = StringUtil.Split(text, '.');
        if (parts.Length != 4)
        {
            return false;
        }

        for (int i = 0; i < 4; i++)
        {
            int octet;
            string part = parts[i];
            if (part.Length == 0 || part.Length > 3 || !CharClass.IsDigit(part[0]) || !NumberParser.TryParseInt32(part.ToCharArray(), 0, part.Length, out octet) || octet > 255)
            {
                return false;
            }

            address = (address << 8) | (uint)octet;
        }

        return true;
    }

    /// <summary>Formats an address.</summary>
    /// <param name="address">Host order.</param>
    /// <returns>Dotted quad.</returns>
    public static string Format(uint address)
    {
        return ((int)(address >> 24)).ToString() + "." + ((int)((address >> 16) & 0xFF)).ToString() + "." + ((int)((address >> 8) & 0xFF)).ToString() + "." + ((int)(address & 0xFF)).ToString();
    }
}
