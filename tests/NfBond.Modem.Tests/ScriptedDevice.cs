using System.Text;
using NfBond.Firmware.Runtime;
using NfBond.Simulation;

namespace NfBond.Modem.Tests;

/// <summary>
/// A minimal modem for engine tests: answers each request from a table after a delay, one request at a
/// time like a real module, optionally echoing. Unknown requests get ERROR.
/// </summary>
internal sealed class ScriptedDevice
{
    private readonly EventLoop _loop;
    private readonly SimulatedSerialLine _line;
    private readonly Dictionary<string, (long DelayMs, string Response)> _answers = [];
    private readonly Queue<string> _pending = new();
    private readonly StringBuilder _input = new();
    private readonly LoopTimer _timer;
    private string? _busyWith;

    public ScriptedDevice(EventLoop loop, SimulatedSerialLine line)
    {
        _loop = loop;
        _line = line;
        _timer = new LoopTimer(loop, OnTimer);
        line.Transmitted += OnBytes;
    }

    public bool Echo { get; set; }

    public List<string> Requests { get; } = [];

    public void Answer(string request, string response, long delayMs = 10) => _answers[request] = (delayMs, response);

    public void Send(string text) => _line.Deliver(Encoding.Latin1.GetBytes(text));

    public void SendBytes(byte[] bytes) => _line.Deliver(bytes);

    public void SendAt(long atMs, string text)
    {
        LoopTimer timer = new(_loop, _ => Send(text));
        timer.StartAt(atMs);
    }

    private void OnBytes(byte[] bytes)
    {
        foreach (byte b in bytes)
        {
            if (b == '\r')
            {
                string request = _input.ToString();
                _input.Clear();
                Requests.Add(request);
                if (Echo)
                {
                    Send(request + "\r");
                }

                _pending.Enqueue(request);
                Next();
            }
            else if (b != 0x1A)
            {
                _input.Append((char)b);
            }
        }
    }

    private void Next()
    {
        if (_busyWith != null || _pending.Count == 0)
        {
            return;
        }

        _busyWith = _pending.Dequeue();
        long delay = _answers.TryGetValue(_busyWith, out var answer) ? answer.DelayMs : 10;
        _timer.Start(delay);
    }

    private void OnTimer(LoopTimer timer)
    {
        string request = _busyWith!;
        _busyWith = null;
        string response = _answers.TryGetValue(request, out var answer) ? answer.Response : "\r\nERROR\r\n";
        if (response.Length > 0)
        {
            Send(response);
        }

        Next();
    }
}
