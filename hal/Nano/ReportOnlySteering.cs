namespace NfBond.Hal.Nano
{
    /// <summary>
    /// The executor until the router-API executor exists: accepts every plan so the controller decides
    /// and reports it (state telemetry carries the weights), but changes nothing on the router.
    /// </summary>
    public sealed class ReportOnlySteering : ISteeringExecutor
    {
        /// <inheritdoc/>
        public string Prepare(SteeringEntry[] entries) => null;

        /// <inheritdoc/>
        public string Apply(SteeringEntry[] entries) => null;
    }
}
