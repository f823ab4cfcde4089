using System;
using System.Globalization;
using System.IO;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>
/// Keeps a tunnel end's counters (its AEAD nonces) above every earlier run's across restarts, whatever the clock
/// says: a router without a battery-backed clock can start its tunnel before it has the time, and two such starts
/// would otherwise count from the same place under the same key. A file holds the highest counter reserved; a run
/// starts above it and reserves ahead in blocks, so the file is written once per block, not per packet. It holds the
/// run's number too (header byte 3), one more than the last run's: a peer takes a new number for a restart and
/// forgets the old run's sequence numbers, and a number drawn at random repeated the last one in one start of 255.
/// </summary>
public sealed class CounterFloor
{
    /// <summary>How many counters one write reserves (at 100,000 packets a second, half a day's worth).</summary>
    public const ulong Block = 1UL << 32;

    private readonly string _path;

    /// <summary>Creates the floor kept in a file (created, with its directory, when missing).</summary>
    /// <param name="path">The file.</param>
    public CounterFloor(string path)
    {
        _path = path;
    }

    /// <summary>Gets the counter below which this run reserved (the next write is due there).</summary>
    public ulong ReservedUntil { get; private set; }

    /// <summary>Gets this run's number (1 to 255), the last run's plus one; known after <see cref="Start"/>.</summary>
    public byte Run { get; private set; }

    /// <summary>Gets why the last reservation could not be written, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Gives a run's first counter: above the file's floor and the clock's, and reserves a block from it.</summary>
    /// <param name="clockCounter">The counter the clock gives (<see cref="TunnelCipher.ClockCounter"/>).</param>
    /// <returns>The first counter.</returns>
    /// <exception cref="InvalidOperationException">The file holds no counter, or the first block cannot be reserved: starting anyway could reuse nonces.</exception>
    public ulong Start(ulong clockCounter)
    {
        ulong floor = 0;
        int lastRun = 0;
        if (File.Exists(_path))
        {
            string text = File.ReadAllText(_path).Trim();
            string[] fields = text.Split(' ');
            if (fields.Length > 2 || !ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out floor)
                || (fields.Length == 2 && (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out lastRun) || lastRun is < 1 or > 255)))
            {
                throw new InvalidOperationException($"counter file {_path} holds \"{(text.Length > 40 ? text[..40] + "..." : text)}\"; a decimal counter and a run from 1 to 255 are required "
                    + "(remove it only when this router's clock is right: the clock then keeps the counters above the earlier runs')");
            }
        }

        Run = (byte)((lastRun % 255) + 1);

        ulong first = Math.Max(floor, clockCounter);
        if (!Reserve(first))
        {
            throw new InvalidOperationException($"counter file {_path}: {LastError}");
        }

        return first;
    }

    /// <summary>Reserves the block after a counter (called when a run's counter reaches <see cref="ReservedUntil"/>).</summary>
    /// <param name="counter">The counter reached.</param>
    /// <returns>Whether it was written; if not, the run goes on (its own counters stay unique) and <see cref="LastError"/> says why.</returns>
    public bool Reserve(ulong counter)
    {
        ulong until = counter + Block;
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (dir != null)
            {
                Directory.CreateDirectory(dir);
            }

            // Written whole and flushed to disk before it replaces the old one: a power cut leaves one or the other.
            string temporary = _path + ".new";
            using (FileStream file = new(temporary, FileMode.Create, FileAccess.Write))
            {
                byte[] bytes = System.Text.Encoding.ASCII.GetBytes(until.ToString(CultureInfo.InvariantCulture) + " " + Run.ToString(CultureInfo.InvariantCulture) + "\n");
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            ReservedUntil = until;
            LastError = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastError = $"cannot write {_path}: {ex.Message}";
            // Try again after another block rather than on every packet.
            ReservedUntil = until;
            return false;
        }
    }
}
