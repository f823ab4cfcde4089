using NfBond.Firmware.Runtime;
using NfBond.Hal;

namespace NfBond.Simulation.Network;

/// <summary>
/// An Ethernet segment for VRRP in virtual time: every member's messages reach every other member after
/// a fixed delay with TTL 255, unless the member is partitioned off or dead.
/// </summary>
public sealed class SimulatedVrrpSegment
{
    private readonly EventLoop _loop;
    private readonly List<Member> _members = [];

    /// <summary>Creates a segment.</summary>
    /// <param name="loop">The loop deliveries run on.</param>
    /// <param name="delayMs">One-way delay.</param>
    public SimulatedVrrpSegment(EventLoop loop, int delayMs = 1)
    {
        _loop = loop;
        DelayMs = delayMs;
    }

    /// <summary>Gets the one-way delay.</summary>
    public int DelayMs { get; }

    /// <summary>Adds a member with an address.</summary>
    /// <param name="address">Its primary address, host order.</param>
    /// <returns>Its transport and address owner.</returns>
    public Member Join(uint address)
    {
        Member member = new(this, address);
        _members.Add(member);
        return member;
    }

    private void Deliver(Member from, byte[] packet, int length, uint destination)
    {
        byte[] copy = packet[..length];
        foreach (Member to in _members)
        {
            if (to == from || from.Partitioned || to.Partitioned || to.Dead || (destination != 0xE0000012 && destination != to.LocalAddress))
            {
                continue;
            }

            LoopTimer delivery = new(_loop, _ => to.Receive(copy, from.LocalAddress, destination));
            delivery.Start(DelayMs);
        }
    }

    /// <summary>One router on the segment.</summary>
    public sealed class Member : IVrrpTransport, IVirtualAddressOwner
    {
        private readonly SimulatedVrrpSegment _segment;

        internal Member(SimulatedVrrpSegment segment, uint address)
        {
            _segment = segment;
            LocalAddress = address;
        }

        /// <inheritdoc/>
        public event VrrpPacketHandler? Received;

        /// <inheritdoc/>
        public uint LocalAddress { get; }

        /// <summary>Gets or sets whether the member is cut off the segment (split brain).</summary>
        public bool Partitioned { get; set; }

        /// <summary>Gets or sets whether the member is dead: it neither sends nor receives.</summary>
        public bool Dead { get; set; }

        /// <summary>Gets whether the member holds the virtual addresses.</summary>
        public bool HoldsAddresses { get; private set; }

        /// <summary>Gets the messages this member sent.</summary>
        public List<byte[]> SentPackets { get; } = [];

        /// <inheritdoc/>
        public void Send(byte[] packet, int length, uint destination)
        {
            if (Dead)
            {
                return;
            }

            SentPackets.Add(packet[..length]);
            _segment.Deliver(this, packet, length, destination);
        }

        /// <inheritdoc/>
        public string? Claim()
        {
            HoldsAddresses = true;
            return null;
        }

        /// <inheritdoc/>
        public string? Release()
        {
            HoldsAddresses = false;
            return null;
        }

        internal void Receive(byte[] packet, uint source, uint destination)
        {
            if (!Dead && !Partitioned)
            {
                Received?.Invoke(packet, 0, packet.Length, source, destination, 255);
            }
        }
    }
}
