using NfBond.Hal.Linux.Bonding;

namespace NfBond.Linux.Tests.Bonding;

/// <summary>A tunnel end's counters stay above its earlier runs' even when the clock went back across a restart.</summary>
public class CounterFloorTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] s_inner = new byte[100];

    private static string NewFile() => Path.Combine(Path.GetTempPath(), $"nfbond-counter-{Guid.NewGuid():N}", "bond.counter");

    private static byte[] Seal(TunnelCipher cipher)
    {
        byte[] packet = new byte[s_inner.Length + TunnelCipher.Overhead];
        cipher.Seal(new TunnelHeader(TunnelPacketType.Data, 0, 0, 0, 0, 1, 1, 0), s_inner, packet);
        return packet;
    }

    [Fact]
    public void A_restart_with_the_clock_set_back_seals_above_the_last_run_and_the_peer_takes_it()
    {
        string file = NewFile();
        using TunnelCipher server = new(s_key, 7, isServer: true);
        byte[] payload = new byte[s_inner.Length];
        TunnelHeader last = default;
        // A router without a battery-backed clock: the first run's clock said 1970 + 1 s.
        using (TunnelCipher firstRun = new(s_key, 7, isServer: false, firstCounter: 1_000_000UL * 256, floor: new CounterFloor(file)))
        {
            for (int i = 0; i < 1000; i++)
            {
                Assert.Equal(TunnelOpenResult.Ok, server.Open(Seal(firstRun), payload, out last, out _));
            }
        }

        // Rebooted, the clock at 1970 + 1 s again: without the floor its nonces would repeat the first run's and the server would refuse them as replays.
        using TunnelCipher secondRun = new(s_key, 7, isServer: false, firstCounter: 1_000_000UL * 256, floor: new CounterFloor(file));
        Assert.Equal(TunnelOpenResult.Ok, server.Open(Seal(secondRun), payload, out TunnelHeader first, out _));
        Assert.True(first.Counter > last.Counter, $"the second run's first counter {first.Counter} is not above the first run's last {last.Counter}");

        using TunnelCipher unguarded = new(s_key, 7, isServer: false, firstCounter: 1_000_000UL * 256);
        Assert.Equal(TunnelOpenResult.Replayed, server.Open(Seal(unguarded), payload, out _, out _));
    }

    [Fact]
    public void The_file_is_written_once_per_block_ahead_of_the_counters_and_a_right_clock_above_it_wins()
    {
        string file = NewFile();
        CounterFloor floor = new(file);
        ulong clock = TunnelCipher.ClockCounter();
        Assert.Equal(clock, floor.Start(clock));
        Assert.Equal($"{clock + CounterFloor.Block} 1", File.ReadAllText(file).Trim());

        // The next run with a clock behind starts at the reservation, not below it.
        Assert.Equal(clock + CounterFloor.Block, new CounterFloor(file).Start(clock - 1_000_000));
        DateTime written = File.GetLastWriteTimeUtc(file);

        // A cipher near the end of its block reserves the next before it gets there.
        CounterFloor near = new(file);
        using TunnelCipher cipher = new(s_key, 7, isServer: false, floor: near);
        ulong until = near.ReservedUntil;
        Assert.True(near.Reserve(until - 1) && near.ReservedUntil == until - 1 + CounterFloor.Block);
        Assert.True(File.GetLastWriteTimeUtc(file) >= written);
    }

    [Fact]
    public void A_damaged_file_stops_the_start_and_says_what_it_holds()
    {
        string file = NewFile();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "twelve\n");
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new TunnelCipher(s_key, 7, isServer: false, floor: new CounterFloor(file)));
        Assert.StartsWith($"counter file {file} holds \"twelve\"; a decimal counter and a run from 1 to 255 are required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_run_has_the_last_runs_number_plus_one_so_the_peer_always_sees_a_restart()
    {
        string file = NewFile();
        byte[] runs = new byte[300];
        for (int i = 0; i < runs.Length; i++)
        {
            using TunnelCipher cipher = new(s_key, 7, isServer: false, floor: new CounterFloor(file));
            runs[i] = cipher.Run;
        }

        Assert.All(runs, r => Assert.InRange(r, (byte)1, (byte)255));
        Assert.All(Enumerable.Range(1, runs.Length - 1), i => Assert.NotEqual(runs[i - 1], runs[i]));
        Assert.Equal((byte)1, runs[255]);
    }
}
