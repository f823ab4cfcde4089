namespace NfBond.Aggregator.Broker;

/// <summary>
/// A client connection's byte stream as the broker reads it, with MQTT's framing watched on the way: the
/// first packet must be a CONNECT no larger than <see cref="MaxConnectBytes"/>, every later packet no
/// larger than <see cref="MaxPacketBytes"/>. A fixed header announcing more ends the connection before
/// the broker sees its length (MQTTnet allocates a packet's whole announced body up front: F1, 268 MB
/// per unauthenticated connection).
/// </summary>
public sealed class MqttFrameGuard : Stream
{
    private readonly Stream _inner;
    private int _lengthBytes = -1;
    private int _length;
    private int _multiplier = 1;
    private long _bodyLeft;
    private bool _inBody;
    private int _packets;

    /// <summary>Creates the guard over a connection's stream.</summary>
    /// <param name="inner">The socket's stream.</param>
    /// <param name="maxConnectBytes">The largest CONNECT body accepted.</param>
    /// <param name="maxPacketBytes">The largest body of any later packet.</param>
    public MqttFrameGuard(Stream inner, int maxConnectBytes, int maxPacketBytes)
    {
        _inner = inner;
        MaxConnectBytes = maxConnectBytes;
        MaxPacketBytes = maxPacketBytes;
    }

    /// <summary>Gets the largest CONNECT body accepted.</summary>
    public int MaxConnectBytes { get; }

    /// <summary>Gets the largest body of a packet after the CONNECT.</summary>
    public int MaxPacketBytes { get; }

    /// <summary>Gets why the guard ended the connection, or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Gets whether the whole CONNECT has been read.</summary>
    public bool ConnectReceived => _packets > 0;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Inspect(buffer.AsSpan(offset, _inner.Read(buffer, offset, count)));

    /// <inheritdoc/>
    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Inspect(buffer.AsSpan(offset, await _inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false)));

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Inspect(buffer.Span[..read]);
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override void Flush() => _inner.Flush();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // Follows the framing over the bytes just read and throws before any of them reaches the broker when a
    // header breaks the rules.
    private int Inspect(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (_inBody)
            {
                int take = (int)Math.Min(_bodyLeft, bytes.Length - i);
                i += take;
                _bodyLeft -= take;
                if (_bodyLeft == 0)
                {
                    EndPacket();
                }

                continue;
            }

            byte b = bytes[i++];
            if (_lengthBytes < 0)
            {
                if (_packets == 0 && b >> 4 != 1)
                {
                    throw Refuse($"the first packet is of type {b >> 4}, not CONNECT (1)");
                }

                _lengthBytes = 0;
                _length = 0;
                _multiplier = 1;
                continue;
            }

            _length += (b & 0x7F) * _multiplier;
            _multiplier *= 128;
            _lengthBytes++;
            if ((b & 0x80) != 0)
            {
                if (_lengthBytes == 4)
                {
                    throw Refuse("the remaining length runs over 4 bytes");
                }

                continue;
            }

            int limit = _packets == 0 ? MaxConnectBytes : MaxPacketBytes;
            if (_length > limit)
            {
                throw Refuse(_packets == 0
                    ? $"the CONNECT announces {_length} bytes; at most {limit} are read before a client has logged in"
                    : $"a packet announces {_length} bytes; at most {limit} are accepted (MaxMessageBytes plus room for the topic)");
            }

            _bodyLeft = _length;
            _inBody = _length > 0;
            if (!_inBody)
            {
                EndPacket();
            }
        }

        return bytes.Length;
    }

    private MqttFrameRefusedException Refuse(string why)
    {
        Refusal = why;
        return new MqttFrameRefusedException(why);
    }

    private void EndPacket()
    {
        _inBody = false;
        _lengthBytes = -1;
        _packets++;
    }
}
