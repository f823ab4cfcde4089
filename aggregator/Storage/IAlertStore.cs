using NfBond.Aggregator.Alerts;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// Incidents, channels, maintenance windows and the alert outbox, in the shared database: with several
/// instances each step (raising, sending, escalating) is claimed by one row update, so it happens once.
/// </summary>
public interface IAlertStore
{
    /// <summary>Opens an incident unless one with its key is open; one that closed within the flap time opens again instead (no new alert).</summary>
    /// <param name="key">Site, rule and scope.</param>
    /// <param name="site">The site.</param>
    /// <param name="rule">The rule.</param>
    /// <param name="scope">The link, controller or modem.</param>
    /// <param name="detail">What was seen.</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <param name="flapMs">How recently a closed incident may have closed to count as the same one.</param>
    /// <returns>The new incident, or null when it was open already or came back.</returns>
    Incident? OpenIncident(string key, string site, string rule, string scope, string detail, long now, long flapMs);

    /// <summary>Closes the open incident with a key.</summary>
    /// <param name="key">Its key.</param>
    /// <param name="now">Now.</param>
    /// <returns>Whether one was open.</returns>
    bool CloseIncident(string key, long now);

    /// <summary>Gets the keys of the open incidents.</summary>
    /// <returns>The keys.</returns>
    IReadOnlySet<string> OpenIncidentKeys();

    /// <summary>Lists incidents, newest first.</summary>
    /// <param name="openOnly">Only the open ones.</param>
    /// <param name="since">Only those opened or closed after this, when not only open ones.</param>
    /// <returns>The incidents.</returns>
    IReadOnlyList<Incident> Incidents(bool openOnly, long since);

    /// <summary>Claims sending an incident (first time or again): only the caller whose view of its last sending is current wins.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="lastSent">When it was last sent, as the caller read it.</param>
    /// <param name="now">Now.</param>
    /// <returns>Whether this caller sends it.</returns>
    bool ClaimSending(long id, long lastSent, long now);

    /// <summary>Claims the escalation of an incident.</summary>
    /// <param name="id">The incident.</param>
    /// <returns>Whether this caller escalates it.</returns>
    bool ClaimEscalation(long id);

    /// <summary>Claims the all-clear of a closed incident.</summary>
    /// <param name="id">The incident.</param>
    /// <returns>Whether this caller sends it.</returns>
    bool ClaimResolved(long id);

    /// <summary>Acknowledges an open incident: no more re-sending or escalation.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="user">Who.</param>
    /// <returns>Whether it was open and not yet acknowledged.</returns>
    bool Acknowledge(long id, string user);

    /// <summary>Adds a channel.</summary>
    /// <param name="channel">The channel (its Id is assigned).</param>
    /// <returns>The stored channel.</returns>
    AlertChannel AddChannel(AlertChannel channel);

    /// <summary>Lists channels.</summary>
    /// <returns>The channels.</returns>
    IReadOnlyList<AlertChannel> Channels();

    /// <summary>Adds a maintenance window of a site (no alerts, not counted against availability).</summary>
    /// <param name="site">The site.</param>
    /// <param name="from">Start, ms since 1970 UTC.</param>
    /// <param name="to">End.</param>
    /// <param name="note">Why.</param>
    void AddMaintenance(string site, long from, long to, string note);

    /// <summary>Lists a site's maintenance windows.</summary>
    /// <param name="site">The site.</param>
    /// <returns>Start and end of each.</returns>
    IReadOnlyList<(long From, long To, string Note)> Maintenance(string site);

    /// <summary>Puts an alert into the outbox.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="now">Now (it is due at once).</param>
    void Enqueue(long incident, long channel, string subject, string body, long now);

    /// <summary>Takes the oldest due alert for sending, leased so no other instance takes it meanwhile.</summary>
    /// <param name="now">Now.</param>
    /// <param name="leaseMs">How long the lease lasts.</param>
    /// <returns>The alert, or null when none is due.</returns>
    OutboxItem? ClaimDue(long now, long leaseMs);

    /// <summary>Marks an alert sent.</summary>
    /// <param name="id">The alert.</param>
    /// <param name="now">Now.</param>
    void MarkSent(long id, long now);

    /// <summary>Records a failed try and when to try again.</summary>
    /// <param name="id">The alert.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="due">When to try again.</param>
    void MarkFailed(long id, string error, long due);

    /// <summary>Lists the outbox, oldest first.</summary>
    /// <returns>Every alert, sent or not.</returns>
    IReadOnlyList<OutboxItem> Outbox();

    /// <summary>Stores a site's business profile (what an hour offline costs, business hours, backup cost).</summary>
    /// <param name="site">The site.</param>
    /// <param name="json">The profile as JSON.</param>
    void SetProfile(string site, string json);

    /// <summary>Gets a site's business profile.</summary>
    /// <param name="site">The site.</param>
    /// <returns>The profile as JSON, or null when none was set.</returns>
    string? Profile(string site);

    /// <summary>Stores a tenant's or a site's alert rule set.</summary>
    /// <param name="scope">"tenant:NAME" or "site:NAME".</param>
    /// <param name="json">The rule set as JSON, or null to remove it.</param>
    void SetAlertRuleSet(string scope, string? json);

    /// <summary>Gets one alert rule set.</summary>
    /// <param name="scope">"tenant:NAME" or "site:NAME".</param>
    /// <returns>Its JSON, or null.</returns>
    string? AlertRuleSet(string scope);

    /// <summary>Lists every alert rule set.</summary>
    /// <returns>Each scope's JSON.</returns>
    IReadOnlyDictionary<string, string> AlertRuleSets();
}
