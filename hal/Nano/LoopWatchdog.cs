using System.Threading;
using nanoFramework.Runtime.Native;
using NfBond.Firmware.Runtime;

namespace NfBond.Hal.Nano
{
    /// <summary>
    /// Reboots the board when the event loop stops turning: a loop timer stamps progress, a separate
    /// thread checks the stamp and calls <c>Power.RebootDevice</c> when it is older than the limit
    /// (nanoFramework exposes no hardware watchdog to managed code).
    /// </summary>
    public sealed class LoopWatchdog
    {
        private readonly LoopTimer _beat;
        private readonly int _limitMs;
        private readonly object _gate = new object();
        private long _lastBeat;

        /// <summary>Arms the watchdog.</summary>
        /// <param name="loop">The controller's loop.</param>
        /// <param name="limitMs">How long the loop may be stuck before the board reboots.</param>
        public LoopWatchdog(EventLoop loop, int limitMs)
        {
            _limitMs = limitMs;
            _lastBeat = loop.NowMs;
            _beat = new LoopTimer(loop, OnBeat);
            _beat.StartPeriodic(limitMs / 4);
            new Thread(Watch).Start();
        }

        private void OnBeat(LoopTimer timer)
        {
            // Interlocked is int-only on nanoFramework: a lock guards the 64-bit stamp.
            lock (_gate)
            {
                _lastBeat = System.Environment.TickCount64;
            }
        }

        private void Watch()
        {
            while (true)
            {
                Thread.Sleep(_limitMs / 4);
                long last;
                lock (_gate)
                {
                    last = _lastBeat;
                }

                if (System.Environment.TickCount64 - last > _limitMs)
                {
                    Power.RebootDevice();
                }
            }
        }
    }
}
