namespace NfBond.Hal;

/// <summary>Told that a link looks dead to an outside witness.</summary>
/// <param name="link">The link's name, as in the site file.</param>
/// <param name="cause">What the witness saw, for the log.</param>
public delegate void LinkHintHandler(string link, string cause);
