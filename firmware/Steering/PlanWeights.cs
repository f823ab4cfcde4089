using NfBond.Firmware.Links;

namespace NfBond.Firmware.Steering;

/// <summary>
/// The pure rule that turns link health into shares. Carrying links are the usable primary and active
/// ones, or the usable backups when none of those is up. Among them metered links are left out while an
/// unmetered one can carry; metered links at their cap are left out unless nothing else is left. Shares
/// are capacity x health x cap factor, scaled to 1000 with largest remainders.
/// </summary>
public static class PlanWeights
{
    /// <summary>The sum of the weights of a plan that carries traffic.</summary>
    public const int Total = 1000;

    /// <summary>Computes the weights.</summary>
    /// <param name="links">The site's links.</param>
    /// <param name="health">Each link's health, 0 when not usable.</param>
    /// <param name="meters">Each link's data-cap meter.</param>
    /// <returns>Weights in site order, summing to <see cref="Total"/>, or all 0 when no link is usable.</returns>
    public static int[] Compute(LinkDefinition[] links, int[] health, DataCapMeter[] meters)
    {
        int n = links.Length;
        bool[] carry = new bool[n];
        bool any = Select(links, health, carry, false);
        if (!any)
        {
            Select(links, health, carry, true);
        }

        bool anyUnmetered = false;
        bool anyMeteredLeft = false;
        for (int i = 0; i < n; i++)
        {
            anyUnmetered = anyUnmetered || (carry[i] && !links[i].Metered);
            anyMeteredLeft = anyMeteredLeft || (carry[i] && links[i].Metered && !meters[i].IsExhausted);
        }

        long[] raw = new long[n];
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!carry[i] || (links[i].Metered && anyUnmetered))
            {
                continue;
            }

            int factor = 1000;
            if (links[i].Metered)
            {
                // At the cap a link is kept only as the last resort, at a token share.
                factor = meters[i].IsExhausted ? (anyMeteredLeft ? 0 : 1) : meters[i].WeightPermille;
                factor = factor < 1 && !anyMeteredLeft ? 1 : factor;
            }

            raw[i] = (long)links[i].DownKbps * health[i] * factor;
            sum += raw[i];
        }

        return Scale(raw, sum);
    }

    private static bool Select(LinkDefinition[] links, int[] health, bool[] carry, bool backups)
    {
        bool any = false;
        for (int i = 0; i < links.Length; i++)
        {
            carry[i] = health[i] > 0 && (links[i].Role == LinkRole.Backup) == backups;
            any = any || carry[i];
        }

        return any;
    }

    private static int[] Scale(long[] raw, long sum)
    {
        int n = raw.Length;
        int[] weights = new int[n];
        if (sum == 0)
        {
            return weights;
        }

        int given = 0;
        long[] remainder = new long[n];
        for (int i = 0; i < n; i++)
        {
            long scaled = raw[i] * Total;
            weights[i] = (int)(scaled / sum);
            remainder[i] = scaled % sum;
            given += weights[i];
        }

        while (given < Total)
        {
            int best = -1;
            for (int i = 0; i < n; i++)
            {
                if (raw[i] > 0 && (best < 0 || remainder[i] > remainder[best]))
                {
                    best = i;
                }
            }

            weights[best]++;
            remainder[best] = -1;
            given++;
        }

        return weights;
    }
}
