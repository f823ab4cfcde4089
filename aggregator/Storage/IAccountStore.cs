using NfBond.Aggregator.Accounts;

namespace NfBond.Aggregator.Storage;

/// <summary>
/// The cockpit's shared state: users, the tenant of each site, login sessions, one-time login links,
/// failed logins and the Data Protection key ring. It lives in the fleet database so that every aggregator
/// instance of a scaled-out set-up serves every page and every session.
/// </summary>
public interface IAccountStore
{
    /// <summary>Adds a user or replaces the one with the same name.</summary>
    /// <param name="user">The user.</param>
    void SaveUser(CockpitUser user);

    /// <summary>Finds a user.</summary>
    /// <param name="name">The login name.</param>
    /// <returns>The user, or null.</returns>
    CockpitUser? FindUser(string name);

    /// <summary>Lists users by name.</summary>
    /// <returns>The users.</returns>
    IReadOnlyList<CockpitUser> Users();

    /// <summary>Gives a site to a tenant (a site belongs to one tenant).</summary>
    /// <param name="site">The site.</param>
    /// <param name="tenant">The tenant.</param>
    void SetSiteTenant(string site, string tenant);

    /// <summary>Gets every site's tenant.</summary>
    /// <returns>Tenant by site; sites without a tenant are missing.</returns>
    IReadOnlyDictionary<string, string> SiteTenants();

    /// <summary>Stores or renews a login session.</summary>
    /// <param name="id">The session key the cookie carries.</param>
    /// <param name="ticket">The serialized authentication ticket.</param>
    /// <param name="expires">When it ends, ms since 1970 UTC.</param>
    void SaveSession(string id, byte[] ticket, long expires);

    /// <summary>Loads a login session that has not ended.</summary>
    /// <param name="id">The session key.</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <returns>The ticket, or null.</returns>
    byte[]? LoadSession(string id, long now);

    /// <summary>Ends a login session (log-out) on every instance.</summary>
    /// <param name="id">The session key.</param>
    void RemoveSession(string id);

    /// <summary>Stores a one-time login link.</summary>
    /// <param name="tokenHash">SHA-256 of the link's token, hex.</param>
    /// <param name="user">Whom it logs in.</param>
    /// <param name="expires">When it stops working, ms since 1970 UTC.</param>
    void AddLoginLink(string tokenHash, string user, long expires);

    /// <summary>Uses up a one-time login link.</summary>
    /// <param name="tokenHash">SHA-256 of the link's token, hex.</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <returns>The user it logs in, or null when unknown, used or expired.</returns>
    string? TakeLoginLink(string tokenHash, long now);

    /// <summary>Counts a failed login and tells how many failed within the window.</summary>
    /// <param name="key">What is throttled (user name, client address).</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <param name="windowMs">How long failures count.</param>
    /// <returns>Failures within the window, this one included.</returns>
    int CountLoginFailure(string key, long now, long windowMs);

    /// <summary>Tells how many logins failed within the window.</summary>
    /// <param name="key">What is throttled.</param>
    /// <param name="now">Now, ms since 1970 UTC.</param>
    /// <param name="windowMs">How long failures count.</param>
    /// <returns>The count.</returns>
    int LoginFailures(string key, long now, long windowMs);

    /// <summary>Forgets failed logins after a successful one.</summary>
    /// <param name="key">What is throttled.</param>
    void ClearLoginFailures(string key);

    /// <summary>Lists the Data Protection key ring's elements.</summary>
    /// <returns>Each key's XML.</returns>
    IReadOnlyList<string> ProtectionKeys();

    /// <summary>Adds an element to the Data Protection key ring.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="xml">Its XML.</param>
    void AddProtectionKey(string name, string xml);

    /// <summary>Stores a controller's answer to a command (its cmd/res message).</summary>
    /// <param name="id">The command ID.</param>
    /// <param name="device">The controller.</param>
    /// <param name="body">The answer.</param>
    /// <param name="received">When it came, ms since 1970 UTC.</param>
    void SaveCommandAnswer(string id, string device, string body, long received);

    /// <summary>Gets a command's answer.</summary>
    /// <param name="id">The command ID.</param>
    /// <returns>The answer, or null while none came.</returns>
    string? CommandAnswer(string id);
}
