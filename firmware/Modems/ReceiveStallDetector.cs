namespace NfBond.Firmware.Modems;

/// <summary>
/// Notices a data session that sends but no longer receives, from the modem's byte counters read once per
/// steady-state poll: a session the network silently dropped still counts outgoing bytes.
/// </summary>
public sealed class ReceiveStallDetector
{
    private long _lastTx = -1;
    private long _lastRx = -1;

    /// <summary>Gets how many polls in a row the modem sent and received nothing.</summary>
    public int StalledPolls { get; private set; }

    /// <summary>Starts over from the given counters (the data session came up).</summary>
    /// <param name="tx">Bytes sent, or -1 when unknown.</param>
    /// <param name="rx">Bytes received, or -1 when unknown.</param>
    public void Reset(long tx, long rx)
    {
        _lastTx = tx;
        _lastRx = rx;
        StalledPolls = 0;
    }

    /// <summary>Takes one poll's counters; unknown counters (-1) change nothing.</summary>
    /// <param name="tx">Bytes sent, or -1.</param>
    /// <param name="rx">Bytes received, or -1.</param>
    /// <returns><see cref="StalledPolls"/> after this poll.</returns>
    public int Poll(long tx, long rx)
    {
        if (tx < 0 || rx < 0)
        {
            return StalledPolls;
        }

        StalledPolls = tx > _lastTx && rx == _lastRx && _lastTx >= 0 ? StalledPolls + 1 : 0;
        _lastTx = tx;
        _lastRx = rx;
        return StalledPolls;
    }
}
