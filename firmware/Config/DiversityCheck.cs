using NfBond.Firmware.Links;
using NfBond.Firmware.Text;

namespace NfBond.Firmware.Config;

/// <summary>
/// Warns where a site's links share what can fail together: a provider, a mobile network, a single
/// probe target. Diversity is the point of redundancy; these are warnings because an integrator may
/// have no choice, and should know.
/// </summary>
public static class DiversityCheck
{
    /// <summary>Checks the links and records warnings.</summary>
    /// <param name="links">The site's links.</param>
    /// <param name="warnings">Where warnings go.</param>
    public static void Check(LinkDefinition[] links, ConfigProblems warnings)
    {
        for (int i = 0; i < links.Length; i++)
        {
            for (int j = i + 1; j < links.Length; j++)
            {
                CheckPair(links[i], links[j], j, warnings);
            }

            if (links[i].Targets.Length < 2)
            {
                warnings.Add(LinkPath(i) + ".targets", links[i].Targets.Length.ToString() + " probe target; if it stops answering the link is declared down although it works. Give 3 targets run by different operators");
            }
        }
    }

    /// <summary>Checks two cellular links' networks as reported by their modems at run time.</summary>
    /// <param name="a">One link's name.</param>
    /// <param name="aMccMnc">Its network, e.g. "262-01".</param>
    /// <param name="b">The other link's name.</param>
    /// <param name="bMccMnc">Its network.</param>
    /// <returns>A warning, or null when they differ or either is unknown.</returns>
    public static string? CheckNetworks(string a, string aMccMnc, string b, string bMccMnc)
    {
        if (aMccMnc.Length == 0 || bMccMnc.Length == 0 || NormaliseMccMnc(aMccMnc) != NormaliseMccMnc(bMccMnc))
        {
            return null;
        }

        return "links \"" + a + "\" and \"" + b + "\" are both on mobile network " + aMccMnc + ": one network outage takes both down";
    }

    private static void CheckPair(LinkDefinition a, LinkDefinition b, int bi, ConfigProblems warnings)
    {
        string pair = "links \"" + a.Name + "\" and \"" + b.Name + "\"";
        if (a.Provider.Length > 0 && CharClass.EqualsIgnoreCase(a.Provider, b.Provider))
        {
            string what = a.Type != b.Type && !a.IsCellular && !b.IsCellular
                ? " (" + LinkTypes.Name(a.Type) + " and " + LinkTypes.Name(b.Type) + " from one provider usually share the exchange and the backbone)"
                : "";
            warnings.Add(LinkPath(bi) + ".provider", pair + " share provider \"" + b.Provider + "\"" + what + ": one outage at the provider takes both down");
        }

        string? network = CheckNetworks(a.Name, a.MccMnc, b.Name, b.MccMnc);
        if (network != null)
        {
            warnings.Add(LinkPath(bi) + ".mccMnc", network);
        }

        if (a.Interface.Length > 0 && a.Interface == b.Interface)
        {
            warnings.Add(LinkPath(bi) + ".interface", pair + " leave through the same interface \"" + b.Interface + "\"");
        }

        if (a.Targets.Length == 1 && b.Targets.Length == 1 && a.Targets[0].Host == b.Targets[0].Host)
        {
            warnings.Add(LinkPath(bi) + ".targets", pair + " probe only " + b.Targets[0].Host + ": when it fails every link looks down at once");
        }
    }

    private static string NormaliseMccMnc(string value)
    {
        return StringUtil.Replace(value, "-", "");
    }

    private static string LinkPath(int index)
    {
        return "$.links[" + index.ToString() + "]";
    }
}
