namespace NfBond.Firmware.Steering;

/// <summary>
/// Smooth weighted round-robin (as in nginx): picks a link for each new flow so that over any run of
/// flows each link's share follows its weight, and picks of one link are spread out rather than
/// bunched. An executor that places flows itself (nftables on Linux) takes one <see cref="Cycle"/> of it.
/// </summary>
public sealed class SmoothWeightedRoundRobin
{
    /// <summary>One cycle of <see cref="PlanWeights.Total"/> new flows for weights in thousandths.</summary>
    /// <param name="weights">One weight per link, summing to 1000 or all 0.</param>
    /// <returns>The link index of each flow in order; -1 throughout when every weight is 0.</returns>
    public static int[] Cycle(int[] weights)
    {
        int[] order = new int[PlanWeights.Total];
        SmoothWeightedRoundRobin picker = new SmoothWeightedRoundRobin();
        picker.SetWeights(weights);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = picker.Next();
        }

        return order;
    }

    private int[] _weights = new int[0];
    private int[] _current = new int[0];
    private int _total;

    /// <summary>Sets the weights (one per link, 0 = never picked); keeps the position when the count is unchanged.</summary>
    /// <param name="weights">Non-negative weights.</param>
    public void SetWeights(int[] weights)
    {
        if (weights.Length != _weights.Length)
        {
            _current = new int[weights.Length];
            _weights = new int[weights.Length];
        }

        _total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            _weights[i] = weights[i] < 0 ? 0 : weights[i];
            _total += _weights[i];
            if (_weights[i] == 0)
            {
                _current[i] = 0;
            }
        }
    }

    /// <summary>Picks the link for the next flow.</summary>
    /// <returns>The link index, or -1 when every weight is 0.</returns>
    public int Next()
    {
        if (_total == 0)
        {
            return -1;
        }

        int best = -1;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (_weights[i] == 0)
            {
                continue;
            }

            _current[i] += _weights[i];
            if (best < 0 || _current[i] > _current[best])
            {
                best = i;
            }
        }

        _current[best] -= _total;
        return best;
    }
}
