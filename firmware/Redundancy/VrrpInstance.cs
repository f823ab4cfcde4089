using System;
using NfBond.Firmware.Runtime;
using NfBond.Firmware.Text;
using NfBond.Hal;

namespace NfBond.Firmware.Redundancy;

/// <summary>
/// One VRRPv3 virtual router (RFC 5798 section 6.4) on the event loop: Initialize, Backup, Master,
/// the master-down timer with skew, preemption (with delay), priority 0 on shutdown, 255 for the address
/// owner, the backup adopting the master's advertised interval, ties broken by the higher primary
/// address. The effective priority follows WAN health through <see cref="SetPriorityPenalty"/>, like
/// keepalived's track_script weights, so the controller with worse links yields.
/// </summary>
public sealed class VrrpInstance
{
    // Adverts come once per interval from each peer and the loop drains them at once; an overrun is counted.
    private const int InboxSlots = 4;
    private const int SlotBytes = 8 + 4 * VrrpAdvertisement.MaxAddresses;

    private readonly EventLoop _loop;
    private readonly IVrrpTransport _transport;
    private readonly IVirtualAddressOwner _addresses;
    private readonly VrrpOptions _options;
    private readonly LoopTimer _adverTimer;
    private readonly LoopTimer _downTimer;
    private readonly VrrpAdvertisement _outgoing = new VrrpAdvertisement();
    private readonly VrrpAdvertisement _incoming = new VrrpAdvertisement();
    private readonly byte[] _sendBuffer = new byte[SlotBytes];
    private readonly int[] _drops = new int[(int)VrrpDropReason.Overrun + 1];
    private readonly object _inboxLock = new object();
    private readonly byte[][] _inbox = new byte[InboxSlots][];
    private readonly int[] _inboxLength = new int[InboxSlots];
    private readonly uint[] _inboxSource = new uint[InboxSlots];
    private readonly uint[] _inboxDestination = new uint[InboxSlots];
    private readonly int[] _inboxTtl = new int[InboxSlots];
    private readonly LoopAction _drain;
    private int _inboxHead;
    private int _inboxCount;
    private int _penalty;
    private string _penaltyCause = "";
    private long _startedMs;

    /// <summary>Creates an instance; it stays in Initialize until <see cref="Start"/>.</summary>
    /// <param name="loop">The event loop.</param>
    /// <param name="transport">Sends and receives VRRP messages.</param>
    /// <param name="addresses">Adds and removes the virtual addresses.</param>
    /// <param name="options">The configuration.</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public VrrpInstance(EventLoop loop, IVrrpTransport transport, IVirtualAddressOwner addresses, VrrpOptions options)
    {
        if (options.Vrid < 1 || options.Vrid > 255 || options.Priority < 1 || options.Priority > 255
            || options.AdvertIntervalCs < 1 || options.AdvertIntervalCs > 4095 || options.VirtualAddresses.Length > VrrpAdvertisement.MaxAddresses)
        {
            throw new ArgumentException("VRRP options out of range: vrid 1-255, priority 1-255, advert interval 1-4095 cs, at most 16 addresses");
        }

        _loop = loop;
        _transport = transport;
        _addresses = addresses;
        _options = options;
        _adverTimer = new LoopTimer(loop, OnAdverTimer);
        _downTimer = new LoopTimer(loop, OnDownTimer);
        _drain = Drain;
        for (int i = 0; i < InboxSlots; i++)
        {
            _inbox[i] = new byte[SlotBytes];
        }

        _outgoing.Vrid = options.Vrid;
        _outgoing.AddressCount = options.VirtualAddresses.Length;
        for (int i = 0; i < options.VirtualAddresses.Length; i++)
        {
            _outgoing.Addresses[i] = options.VirtualAddresses[i];
        }

        MasterAdverIntervalCs = options.AdvertIntervalCs;
        transport.Received += OnReceived;
    }

    /// <summary>Gets the current state.</summary>
    public VrrpState State { get; private set; }

    /// <summary>Gets the priority in force: the configured one less the tracking penalty (never below 1; 255 is never tracked).</summary>
    public int Priority => _options.Priority == 255 ? 255 : Clamp(_options.Priority - _penalty, 1, 254);

    /// <summary>Gets the master's advertisement interval as learned by a backup, in centiseconds.</summary>
    public int MasterAdverIntervalCs { get; private set; }

    /// <summary>Gets Skew_Time in ms: ((256 - Priority) x Master_Adver_Interval) / 256.</summary>
    public int SkewMs => (256 - Priority) * MasterAdverIntervalCs * 10 / 256;

    /// <summary>Gets Master_Down_Interval in ms: 3 x Master_Adver_Interval + Skew_Time.</summary>
    public int MasterDownIntervalMs => 3 * MasterAdverIntervalCs * 10 + SkewMs;

    /// <summary>Gets the advertisements sent.</summary>
    public long Sent { get; private set; }

    /// <summary>Gets the advertisements accepted.</summary>
    public long Accepted { get; private set; }

    /// <summary>Gets the address of the master last heard (host order), 0 if none.</summary>
    public uint MasterAddress { get; private set; }

    /// <summary>Raised for each state change; every subscriber is told.</summary>
    public event VrrpEventHandler? EventRaised;

    /// <summary>Raised for platform errors (adding or removing addresses).</summary>
    public event VrrpEventHandler? ErrorRaised;

    /// <summary>Gets how many received packets were dropped for a reason.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public int Drops(VrrpDropReason reason)
    {
        return _drops[(int)reason];
    }

    /// <summary>Starts: the owner (255) becomes master at once, everyone else backup.</summary>
    public void Start()
    {
        _startedMs = _loop.NowMs;
        if (Priority == 255)
        {
            BecomeMaster("address owner (priority 255) starting");
            return;
        }

        MasterAdverIntervalCs = _options.AdvertIntervalCs;
        _downTimer.Start(MasterDownIntervalMs);
        SetState(VrrpState.Backup, "starting; master down interval " + MasterDownIntervalMs.ToString() + " ms");
    }

    /// <summary>Stops: a master resigns with priority 0 so a backup takes over after its skew time, not its full down interval.</summary>
    public void Stop()
    {
        _downTimer.Stop();
        if (State == VrrpState.Master)
        {
            _adverTimer.Stop();
            Advertise(0);
            Release();
        }

        SetState(VrrpState.Initialize, "stopped");
    }

    /// <summary>Lowers the effective priority by a penalty (e.g. a tracked WAN link is down); 0 restores it.</summary>
    /// <param name="penalty">How much to subtract, 0 to 254.</param>
    /// <param name="cause">Why, for events.</param>
    public void SetPriorityPenalty(int penalty, string cause)
    {
        if (penalty == _penalty)
        {
            return;
        }

        int before = Priority;
        _penalty = penalty;
        _penaltyCause = cause;
        if (State == VrrpState.Master && Priority != before)
        {
            // Tell the backups at once so a healthier one can preempt without waiting an interval.
            Advertise(Priority);
            _adverTimer.Start(AdvertIntervalMs);
        }
    }

    private int AdvertIntervalMs => _options.AdvertIntervalCs * 10;

    private void OnAdverTimer(LoopTimer timer)
    {
        Advertise(Priority);
        _adverTimer.Start(AdvertIntervalMs);
    }

    private void OnDownTimer(LoopTimer timer)
    {
        if (State == VrrpState.Backup)
        {
            BecomeMaster("no advertisement from the master for " + MasterDownIntervalMs.ToString() + " ms");
        }
    }

    private void BecomeMaster(string cause)
    {
        _downTimer.Stop();
        Advertise(Priority);
        string? error = _addresses.Claim();
        _adverTimer.Start(AdvertIntervalMs);
        MasterAddress = _transport.LocalAddress;
        SetState(VrrpState.Master, cause);
        if (error != null)
        {
            Error("claiming the virtual addresses: " + error);
        }
    }

    private void BecomeBackup(string cause)
    {
        _adverTimer.Stop();
        _downTimer.Start(MasterDownIntervalMs);
        Release();
        SetState(VrrpState.Backup, cause);
    }

    private void Release()
    {
        string? error = _addresses.Release();
        if (error != null)
        {
            Error("releasing the virtual addresses: " + error);
        }
    }

    private void Advertise(int priority)
    {
        _outgoing.Priority = priority;
        _outgoing.IntervalCs = _options.AdvertIntervalCs;
        uint source = _transport.LocalAddress;
        if (_options.UnicastPeers.Length == 0)
        {
            int length = VrrpCodec.Encode(_outgoing, _sendBuffer, 0, source, VrrpCodec.MulticastGroup, _options.Checksum);
            _transport.Send(_sendBuffer, length, VrrpCodec.MulticastGroup);
        }
        else
        {
            for (int i = 0; i < _options.UnicastPeers.Length; i++)
            {
                int length = VrrpCodec.Encode(_outgoing, _sendBuffer, 0, source, _options.UnicastPeers[i], _options.Checksum);
                _transport.Send(_sendBuffer, length, _options.UnicastPeers[i]);
            }
        }

        Sent++;
    }

    private void OnReceived(byte[] packet, int offset, int length, uint source, uint destination, int ttl)
    {
        lock (_inboxLock)
        {
            if (_inboxCount == InboxSlots || length > SlotBytes)
            {
                _drops[(int)(length > SlotBytes ? VrrpDropReason.BadLength : VrrpDropReason.Overrun)]++;
                return;
            }

            int slot = (_inboxHead + _inboxCount) % InboxSlots;
            Array.Copy(packet, offset, _inbox[slot], 0, length);
            _inboxLength[slot] = length;
            _inboxSource[slot] = source;
            _inboxDestination[slot] = destination;
            _inboxTtl[slot] = ttl;
            _inboxCount++;
        }

        _loop.Post(_drain, null);
    }

    private void Drain(object? state)
    {
        while (true)
        {
            int slot;
            lock (_inboxLock)
            {
                if (_inboxCount == 0)
                {
                    return;
                }

                slot = _inboxHead;
                _inboxHead = (_inboxHead + 1) % InboxSlots;
                _inboxCount--;
            }

            Handle(slot);
        }
    }

    private void Handle(int slot)
    {
        if (State == VrrpState.Initialize)
        {
            return;
        }

        if (_inboxSource[slot] == _transport.LocalAddress)
        {
            _drops[(int)VrrpDropReason.OwnPacket]++;
            return;
        }

        VrrpDropReason reason = VrrpCodec.Decode(_inbox[slot], 0, _inboxLength[slot], _inboxSource[slot], _inboxDestination[slot], _inboxTtl[slot], _options.Vrid, _options.Checksum, _incoming);
        if (reason != VrrpDropReason.None)
        {
            _drops[(int)reason]++;
            return;
        }

        if (!SameAddresses())
        {
            // RFC 5798 6.4.2: a mismatch is logged, not fatal; it still counts as the master's advertisement.
            _drops[(int)VrrpDropReason.AddressMismatch]++;
        }

        Accepted++;
        if (State == VrrpState.Backup)
        {
            OnAdvertisementAsBackup();
        }
        else
        {
            OnAdvertisementAsMaster();
        }
    }

    private void OnAdvertisementAsBackup()
    {
        VrrpAdvertisement ad = _incoming;
        if (ad.Priority == 0)
        {
            _downTimer.Start(SkewMs);
            return;
        }

        bool mayPreempt = _options.Preempt && _loop.NowMs - _startedMs >= _options.PreemptDelayMs;
        if (!mayPreempt || ad.Priority >= Priority)
        {
            MasterAdverIntervalCs = ad.IntervalCs;
            MasterAddress = ad.Source;
            _downTimer.Start(MasterDownIntervalMs);
        }
    }

    private void OnAdvertisementAsMaster()
    {
        VrrpAdvertisement ad = _incoming;
        if (ad.Priority == 0)
        {
            Advertise(Priority);
            _adverTimer.Start(AdvertIntervalMs);
            return;
        }

        if (ad.Priority > Priority || (ad.Priority == Priority && ad.Source > _transport.LocalAddress))
        {
            MasterAdverIntervalCs = ad.IntervalCs;
            MasterAddress = ad.Source;
            BecomeBackup((ad.Priority > Priority ? "higher priority " + ad.Priority.ToString() : "same priority " + ad.Priority.ToString() + " from a higher address")
                + " advertised by " + Ip4.Format(ad.Source) + (_penalty > 0 ? " (ours lowered by " + _penalty.ToString() + ": " + _penaltyCause + ")" : ""));
        }
    }

    private bool SameAddresses()
    {
        if (_incoming.AddressCount != _outgoing.AddressCount)
        {
            return false;
        }

        for (int i = 0; i < _incoming.AddressCount; i++)
        {
            if (_incoming.Addresses[i] != _outgoing.Addresses[i])
            {
                return false;
            }
        }

        return true;
    }

    private void SetState(VrrpState state, string cause)
    {
        VrrpState from = State;
        State = state;
        VrrpEventHandler? handler = EventRaised;
        if (handler != null && from != state)
        {
            handler(new VrrpEvent(_loop.NowMs, from, state, Priority, cause));
        }
    }

    private void Error(string message)
    {
        VrrpEventHandler? handler = ErrorRaised;
        if (handler != null)
        {
            handler(new VrrpEvent(_loop.NowMs, State, State, Priority, message));
        }
    }

    private static int Clamp(int value, int min, int max)
    {
        return value < min ? min : value > max ? max : value;
    }
}
