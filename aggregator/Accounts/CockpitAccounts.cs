using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Accounts;

/// <summary>
/// The cockpit's users: added with a role (and a tenant for customers), passwords hashed by ASP.NET Core
/// Identity's <see cref="PasswordHasher{TUser}"/>, logins throttled per user and per client address in
/// the shared database (so round-robin across instances gains an attacker nothing), one-time login links.
/// </summary>
public sealed class CockpitAccounts
{
    /// <summary>Failed logins of one user name within <see cref="ThrottleWindowMs"/> after which it is locked for the rest of the window.</summary>
    public const int MaxFailuresPerUser = 5;

    /// <summary>Failed logins from one client address within the window after which it is locked.</summary>
    public const int MaxFailuresPerClient = 20;

    /// <summary>How long failed logins count: 15 minutes.</summary>
    public const long ThrottleWindowMs = 15 * 60 * 1000;

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 10;

    /// <summary>The name of the data directory's file that holds the first-run administrator's password.</summary>
    public const string FirstPasswordFile = "admin-password";

    private readonly IAccountStore _store;
    private readonly PasswordHasher<CockpitUser> _hasher = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the accounts over the shared store.</summary>
    /// <param name="store">Where users live.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public CockpitAccounts(IAccountStore store, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Adds a user or sets a new password and role for an existing one.</summary>
    /// <param name="name">Login name: letters, digits, '.', '-', '_', '@', 1-64 characters.</param>
    /// <param name="role">The role.</param>
    /// <param name="tenant">The customer's tenant (required for customers, refused for the others).</param>
    /// <param name="password">The password, at least <see cref="MinPasswordLength"/> characters.</param>
    /// <returns>The stored user.</returns>
    /// <exception cref="ArgumentException">A value is not allowed; the message says which and why.</exception>
    public CockpitUser Save(string name, CockpitRole role, string tenant, string password)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            throw new ArgumentException($"user name '{name}': use 1-64 letters, digits, '.', '-', '_' or '@'", nameof(name));
        }

        if (role == CockpitRole.Customer && FleetIds.Check("tenant", tenant) is string bad)
        {
            throw new ArgumentException("a customer needs the tenant whose sites they see: " + bad, nameof(tenant));
        }

        if (role != CockpitRole.Customer && tenant.Length > 0)
        {
            throw new ArgumentException($"a {role.ToString().ToLowerInvariant()} sees every tenant; --tenant is only for customers", nameof(tenant));
        }

        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"the password has {password.Length} characters; at least {MinPasswordLength} are needed", nameof(password));
        }

        CockpitUser user = new(name, role, tenant, "", Now());
        user = user with { PasswordHash = _hasher.HashPassword(user, password) };
        _store.SaveUser(user);
        return user;
    }

    /// <summary>Checks a login.</summary>
    /// <param name="name">The user name typed.</param>
    /// <param name="password">The password typed.</param>
    /// <param name="client">The client's address (throttled as well).</param>
    /// <param name="refusal">Why the login failed, in words fit for the login page.</param>
    /// <returns>The user, or null.</returns>
    public CockpitUser? Check(string name, string password, string client, out string refusal)
    {
        long now = Now();
        string userKey = "user:" + name.ToLowerInvariant();
        string clientKey = "client:" + client;
        if (_store.LoginFailures(userKey, now, ThrottleWindowMs) >= MaxFailuresPerUser || _store.LoginFailures(clientKey, now, ThrottleWindowMs) >= MaxFailuresPerClient)
        {
            refusal = "too many failed logins: try again in 15 minutes";
            return null;
        }

        CockpitUser? user = _store.FindUser(name);
        bool ok = user != null && _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (!ok)
        {
            // The same answer whether the name exists or not: the page must not tell which names are real.
            _store.CountLoginFailure(userKey, now, ThrottleWindowMs);
            _store.CountLoginFailure(clientKey, now, ThrottleWindowMs);
            refusal = "wrong user name or password";
            return null;
        }

        _store.ClearLoginFailures(userKey);
        refusal = "";
        return user;
    }

    /// <summary>Creates a link that logs a user in once.</summary>
    /// <param name="name">The user.</param>
    /// <param name="validity">How long it works.</param>
    /// <returns>The token to put into <c>/login/link/{token}</c>.</returns>
    public string CreateLoginLink(string name, TimeSpan validity)
    {
        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _store.AddLoginLink(Hash(token), name, Now() + (long)validity.TotalMilliseconds);
        return token;
    }

    /// <summary>Uses up a login link.</summary>
    /// <param name="token">The token from the link.</param>
    /// <returns>The user it logs in, or null when unknown, used or expired.</returns>
    public CockpitUser? TakeLoginLink(string token)
    {
        string? name = _store.TakeLoginLink(Hash(token), Now());
        return name == null ? null : _store.FindUser(name);
    }

    /// <summary>
    /// On first start (no user yet) creates the administrator "admin" with a random password written to
    /// <see cref="FirstPasswordFile"/> in the data directory (readable by its owner only).
    /// </summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <returns>The file's path when the administrator was created now, else null.</returns>
    public string? EnsureFirstAdministrator(string dataDirectory)
    {
        if (_store.Users().Count > 0)
        {
            return null;
        }

        string password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        Save("admin", CockpitRole.Administrator, "", password);
        string path = Path.Combine(dataDirectory, FirstPasswordFile);
        File.WriteAllText(path, password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();
}
