namespace NfBond.Hal;

/// <summary>Reports that a probe finished; raised once per <see cref="IProbeTransport.Send"/>, on any thread.</summary>
/// <param name="request">The request, with its outcome filled in.</param>
public delegate void ProbeCompletedHandler(ProbeRequest request);
