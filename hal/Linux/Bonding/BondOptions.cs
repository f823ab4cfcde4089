using System.Collections.Generic;

namespace NfBond.Hal.Linux.Bonding;

/// <summary>How a <see cref="BondEndpoint"/> paces, probes and duplicates.</summary>
public sealed class BondOptions
{
    /// <summary>Gets or sets each path's rate in bit/s (its link's capacity in this direction); the pacer runs just under it.</summary>
    public long[] PathBitsPerSecond { get; set; } = [];

    /// <summary>Gets or sets the share of a path's rate the pacer uses, per mille: a rate set too high is learned down from the feedback (<see cref="PathRate"/>), so a percent absorbs the rest of its error.</summary>
    public int PacingPermille { get; set; } = 990;

    /// <summary>
    /// Gets or sets the standing queue in a path's bottleneck, ms, above which its rate comes down to what it delivers
    /// (the receiver's feedback says both); below half of it a busy path's rate climbs back towards its configured one.
    /// </summary>
    public int QueueTargetMs { get; set; } = 10;

    /// <summary>
    /// Gets or sets the largest IP packet a path is taken to carry (its interface's MTU), bytes: probed at start and every
    /// ten minutes; a path that does not carry it is searched down to what it does (<see cref="PathMtuSearch"/>).
    /// </summary>
    public int PathMtu { get; set; } = 1500;

    /// <summary>Gets or sets the file that keeps this end's tunnel counters above every earlier run's (<see cref="CounterFloor"/>), or "" to trust the clock.</summary>
    public string CounterFile { get; set; } = "";

    /// <summary>Gets or sets the bytes each datagram costs below UDP on the wire (IPv4 20 + UDP 8 + Ethernet 14).</summary>
    public int WireOverhead { get; set; } = 42;

    /// <summary>Gets or sets how much may wait for each path's pacer before inner packets wait in the TUN queue, ms.</summary>
    public int MaxQueueMs { get; set; } = 20;

    /// <summary>Gets or sets how often an idle path sends a keepalive, ms.</summary>
    public int KeepaliveMs { get; set; } = 25;

    /// <summary>
    /// Gets or sets the least silence from the peer after which a path is suspect, ms: it carries nothing new and
    /// what it carried lately goes again on the others, well before TCP's own retransmission timeout (200 ms at
    /// least) would fire and back off. The peer sends on every path at least each <see cref="KeepaliveMs"/>, so
    /// a path whose delay jitters waits that plus four jitters if longer.
    /// </summary>
    public int SuspectAfterMs { get; set; } = 50;

    /// <summary>
    /// Gets or sets how often a path closed to data (by this end's steering plan or the peer's) sends a keepalive, ms:
    /// a metered backup link the plan keeps idle would otherwise carry 40 keepalives a second each way, gigabytes a
    /// month. Such a path is dead after two of these intervals without a word.
    /// </summary>
    public int ClosedKeepaliveMs { get; set; } = 5000;

    /// <summary>Gets or sets after how long without anything from the peer a path counts as dead, ms (reported to the link monitor).</summary>
    public int DeadAfterMs { get; set; } = 200;

    /// <summary>Gets or sets how often the receiver reports each path's delay, ms.</summary>
    public int FeedbackMs { get; set; } = 100;

    /// <summary>Gets or sets the UDP destination ports whose packets are real-time (sent on two paths) besides DSCP EF.</summary>
    public IReadOnlyCollection<int> RealTimePorts { get; set; } = [];

    /// <summary>Gets or sets the reorder buffer's bounds.</summary>
    public ReorderOptions Reorder { get; set; } = new ReorderOptions();
}
