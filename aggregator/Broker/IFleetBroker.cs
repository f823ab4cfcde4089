namespace NfBond.Aggregator.Broker;

/// <summary>How the aggregator meets its controllers: the embedded broker, or a client of an external one.</summary>
public interface IFleetBroker : IAsyncDisposable
{
    /// <summary>Starts listening (embedded) or connects and subscribes (external).</summary>
    /// <returns>Completes when telemetry can flow.</returns>
    Task StartAsync();

    /// <summary>Publishes a message to a controller (commands) at QoS 1.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload.</param>
    /// <returns>Completes when handed to the broker.</returns>
    Task PublishAsync(string topic, byte[] payload);
}
