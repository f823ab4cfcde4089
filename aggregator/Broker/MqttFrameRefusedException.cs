namespace NfBond.Aggregator.Broker;

/// <summary>A client broke the broker's framing limits; its connection is closed at once.</summary>
public sealed class MqttFrameRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the client sent and what is allowed.</param>
    public MqttFrameRefusedException(string message)
        : base(message)
    {
    }
}
