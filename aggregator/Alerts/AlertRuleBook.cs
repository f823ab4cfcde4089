using System.Text.Json;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Alerts;

/// <summary>
/// The tenants' and sites' rule sets as the alert engine reads them: loaded from the shared database and
/// kept for a few seconds (every stored message asks), reloaded at once after a change on this instance,
/// so another instance's change is in force within <see cref="MaxAgeMs"/>.
/// </summary>
public sealed class AlertRuleBook
{
    /// <summary>How long a loaded book is used before it is read again, in milliseconds.</summary>
    public const long MaxAgeMs = 5000;

    private const string TenantPrefix = "tenant:";
    private const string SitePrefix = "site:";
    private readonly IFleetStore _store;
    private readonly AlertOptions _defaults;
    private readonly object _gate = new();
    private Loaded? _loaded;

    /// <summary>Creates the book.</summary>
    /// <param name="store">The shared store.</param>
    /// <param name="defaults">The aggregator's settings, in force where no rule set says otherwise.</param>
    public AlertRuleBook(IFleetStore store, AlertOptions defaults)
    {
        _store = store;
        _defaults = defaults;
    }

    /// <summary>Gets the aggregator's settings, in force where no rule set says otherwise.</summary>
    public AlertOptions Defaults => _defaults;

    /// <summary>Gets the rules in force at a site.</summary>
    /// <param name="site">The site.</param>
    /// <returns>Its rules.</returns>
    public SiteAlertRules For(string site)
    {
        Loaded loaded = Current();
        lock (_gate)
        {
            if (!loaded.Resolved.TryGetValue(site, out SiteAlertRules? rules))
            {
                AlertRuleSet? tenant = loaded.Tenants.TryGetValue(site, out string? t) ? loaded.Sets.GetValueOrDefault(TenantPrefix + t) : null;
                rules = loaded.Resolved[site] = SiteAlertRules.Resolve(_defaults, tenant, loaded.Sets.GetValueOrDefault(SitePrefix + site));
            }

            return rules;
        }
    }

    /// <summary>Gets the longest flap time in force anywhere, in seconds (how far back the engine must look at closed incidents).</summary>
    public int LongestFlapSeconds => Math.Max(_defaults.FlapSeconds, Current().Sets.Values.Max(s => s.FlapSeconds) ?? 0);

    /// <summary>Gets a tenant's own rule set.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <returns>It, or null when the tenant changes nothing.</returns>
    public AlertRuleSet? OfTenant(string tenant) => Read(_store.AlertRuleSet(TenantPrefix + tenant));

    /// <summary>Gets a site's own rule set.</summary>
    /// <param name="site">The site.</param>
    /// <returns>It, or null when the site changes nothing.</returns>
    public AlertRuleSet? OfSite(string site) => Read(_store.AlertRuleSet(SitePrefix + site));

    /// <summary>Stores a tenant's rule set (null, or one that changes nothing, removes it).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="rules">The rules.</param>
    public void SetTenant(string tenant, AlertRuleSet? rules) => Set(TenantPrefix + tenant, rules);

    /// <summary>Stores a site's rule set (null, or one that changes nothing, removes it).</summary>
    /// <param name="site">The site.</param>
    /// <param name="rules">The rules.</param>
    public void SetSite(string site, AlertRuleSet? rules) => Set(SitePrefix + site, rules);

    private void Set(string scope, AlertRuleSet? rules)
    {
        // A set that changes nothing is stored as none, so the level above shows through again.
        _store.SetAlertRuleSet(scope, rules == null || rules.ChangesNothing ? null : JsonSerializer.Serialize(rules, AlertRuleSet.Json));
        lock (_gate)
        {
            _loaded = null;
        }
    }

    private Loaded Current()
    {
        lock (_gate)
        {
            if (_loaded != null && Environment.TickCount64 - _loaded.At < MaxAgeMs)
            {
                return _loaded;
            }
        }

        Dictionary<string, AlertRuleSet> sets = [];
        foreach ((string scope, string json) in _store.AlertRuleSets())
        {
            // Written through Read, so a stored set reads; one that does not (edited by hand) changes nothing.
            if (Read(json) is AlertRuleSet set)
            {
                sets[scope] = set;
            }
        }

        Loaded loaded = new(Environment.TickCount64, sets, _store.SiteTenants(), []);
        lock (_gate)
        {
            _loaded = loaded;
        }

        return loaded;
    }

    private static AlertRuleSet? Read(string? json) => json == null ? null : AlertRuleSet.Read(json, out _);

    private sealed record Loaded(long At, Dictionary<string, AlertRuleSet> Sets, IReadOnlyDictionary<string, string> Tenants, Dictionary<string, SiteAlertRules> Resolved);
}
