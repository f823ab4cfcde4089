using System;
namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// Refuses a packet counter seen before or older than the window (RFC 6479's idea with a plain bitmap):
/// an attacker's copy of a captured packet is dropped, while packets reordered across paths by up to
/// <see cref="Size"/> counters still pass.
/// </summary>
public sealed class ReplayWindow
{
    /// <summary>How far behind the newest counter a packet may be.</summary>
    public const int Size = 4096;

    private readonly ulong[] _bits = new ulong[Size / 64];
    private ulong _newest;
    private bool _any;

    /// <summary>Tells whether a counter may be accepted (it was not seen and is inside the window); changes nothing.</summary>
    /// <param name="counter">The packet's counter.</param>
    /// <returns>True when the packet is new.</returns>
    public bool IsFresh(ulong counter)
    {
        if (!_any || counter > _newest)
        {
            return true;
        }

        if (_newest - counter >= Size)
        {
            return false;
        }

        return (_bits[(int)(counter / 64 % (Size / 64))] & (1UL << (int)(counter % 64))) == 0;
    }

    /// <summary>Marks a counter seen; call only for a packet that authenticated.</summary>
    /// <param name="counter">The packet's counter, for which <see cref="IsFresh"/> was true.</param>
    public void Accept(ulong counter)
    {
        if (!_any || counter > _newest)
        {
            // Clear the words the window slides onto (every word after a long jump); none within the newest's word.
            ulong from = _any ? (_newest / 64) + 1 : counter / 64;
            ulong to = counter / 64;
            if (to >= from)
            {
                ulong words = Math.Min(to - from + 1, (ulong)_bits.Length);
                for (ulong word = to - words + 1; word <= to; word++)
                {
                    _bits[(int)(word % (ulong)_bits.Length)] = 0;
                }
            }

            _newest = counter;
            _any = true;
        }

        _bits[(int)(counter / 64 % (Size / 64))] |= 1UL << (int)(counter % 64);
    }
}
