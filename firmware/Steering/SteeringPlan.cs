using System.Text;
using NfBond.Firmware.Links;

namespace NfBond.Firmware.Steering;

/// <summary>Which links carry new flows and in what shares, and why the plan is what it is.</summary>
public sealed class SteeringPlan
{
    internal SteeringPlan(int version, long timeMs, int[] weights, string reason)
    {
        Version = version;
        TimeMs = timeMs;
        Weights = weights;
        Reason = reason;
    }

    /// <summary>Gets the plan's number, counting from 1; 0 before the first plan.</summary>
    public int Version { get; }

    /// <summary>Gets when the plan was made (loop time).</summary>
    public long TimeMs { get; }

    /// <summary>Gets each link's share of new flows in thousandths, in site order; all 0 when none is usable.</summary>
    public int[] Weights { get; }

    /// <summary>Gets why the plan changed.</summary>
    public string Reason { get; }

    /// <summary>Gets whether a link carries traffic under this plan.</summary>
    /// <param name="index">The link's position in the site.</param>
    /// <returns>True if its weight is above 0.</returns>
    public bool Carries(int index)
    {
        return Weights[index] > 0;
    }

    /// <summary>Describes the shares, e.g. <c>fiber 700, lte 300</c>.</summary>
    /// <param name="links">The site's links.</param>
    /// <returns>The description, or "nothing" when no link carries traffic.</returns>
    public string Describe(LinkDefinition[] links)
    {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Weights.Length; i++)
        {
            if (Weights[i] > 0)
            {
                if (text.Length > 0)
                {
                    text.Append(", ");
                }

                text.Append(links[i].Name);
                text.Append(' ');
                text.Append(Weights[i].ToString());
            }
        }

        return text.Length == 0 ? "nothing" : text.ToString();
    }
}
