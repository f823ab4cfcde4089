using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Accounts;

/// <summary>
/// Cookie sessions kept in the shared database: the cookie carries only a random key, so any instance
/// serves the session and a log-out on one instance ends it on all.
/// </summary>
public sealed class StoredTicketStore : ITicketStore
{
    private readonly IAccountStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    /// <param name="store">The shared database.</param>
    /// <param name="time">The clock.</param>
    public StoredTicketStore(IAccountStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <inheritdoc/>
    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        string key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        Save(key, ticket);
        return Task.FromResult(key);
    }

    /// <inheritdoc/>
    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        Save(key, ticket);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        byte[]? data = _store.LoadSession(key, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return Task.FromResult(data == null ? null : TicketSerializer.Default.Deserialize(data));
    }

    /// <inheritdoc/>
    public Task RemoveAsync(string key)
    {
        _store.RemoveSession(key);
        return Task.CompletedTask;
    }

    private void Save(string key, AuthenticationTicket ticket)
    {
        DateTimeOffset expires = ticket.Properties.ExpiresUtc ?? _time.GetUtcNow().AddHours(12);
        _store.SaveSession(key, TicketSerializer.Default.Serialize(ticket), expires.ToUnixTimeMilliseconds());
    }
}
