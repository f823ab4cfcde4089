using System.CommandLine;
using System.Text.Json;
using NfBond.Aggregator;
using NfBond.Aggregator.Alerts;
using NfBond.Aggregator.Storage;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond aggregator alerts channel add</c>: where alerts go.</summary>
public static class AlertCommands
{
    /// <summary>Creates <c>alerts</c> with <c>channel add</c>.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        Option<string> kind = new("--kind") { Description = "email, webhook (JSON signed with HMAC-SHA256 in X-NfBond-Signature) or ntfy (HTTP push)", Required = true };
        Option<string> target = new("--target") { Description = "an e-mail address, or the webhook's or ntfy topic's URL", Required = true };
        Option<string?> secret = new("--secret") { Description = "the webhook's signing key (default: a random one, printed)" };
        Option<string?> tenant = new("--tenant") { Description = "only this tenant's sites (default: every site)" };
        Option<bool> escalation = new("--escalation") { Description = "an escalation channel: used when an incident stays unacknowledged (Aggregator:Alerts:EscalateSeconds)" };
        Option<string?> data = AccountCommands.DataOption();
        Command add = new("add", "Add an alert channel.") { kind, target, secret, tenant, escalation, data };
        add.SetAction(result =>
        {
            string k = result.GetValue(kind)!, t = result.GetValue(target)!;
            string? problem = k switch
            {
                "email" => MimeKit.MailboxAddress.TryParse(t, out _) && t.Contains('@') ? null : $"--target '{t}' is not an e-mail address",
                "webhook" or "ntfy" => Uri.TryCreate(t, UriKind.Absolute, out Uri? u) && u.Scheme is "http" or "https" ? null : $"--target '{t}' is not an http(s) URL",
                _ => $"--kind '{k}' is not allowed; email, webhook or ntfy",
            };
            if (problem != null)
            {
                result.InvocationConfiguration.Error.WriteLine("nfbond aggregator alerts channel add: " + problem);
                return NfBondCli.BadInput;
            }

            if (AccountCommands.OpenStore(result, data, "alerts channel add") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                string key = result.GetValue(secret) ?? (k == "webhook" ? Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant() : "");
                AlertChannel channel = store.AddChannel(new AlertChannel(0, result.GetValue(tenant) ?? "", k, t, key, result.GetValue(escalation)));
                result.InvocationConfiguration.Output.WriteLine($"channel {channel.Id}: {k} {t}{(channel.Tenant.Length > 0 ? " for tenant " + channel.Tenant : "")}{(channel.Escalation ? " (escalation)" : "")}"
                    + (k == "webhook" && result.GetValue(secret) == null ? $"; signing key {key}" : ""));
            }

            return 0;
        });
        return new Command("alerts", "Alerting.") { new Command("channel", "Alert channels.") { add }, Rules() };
    }

    private static Command Rules()
    {
        Option<string?> tenant = new("--tenant") { Description = "the tenant's rules (for all its sites)" };
        Option<string?> site = new("--site") { Description = "the site's rules (over its tenant's)" };
        Option<string?> set = new("--set") { Description = "the new rule set as JSON, e.g. '{\"link_down_seconds\":120,\"poor_signal_minutes\":20,\"off\":[\"vrrp_master\"]}'; '{}' removes every change (default: show)" };
        Option<string?> data = AccountCommands.DataOption();
        Command rules = new("rules", "Show or change the alert rules of a tenant or a site: " + string.Join(", ", AlertRules.All) + "; members link_down_seconds, flap_seconds, renotify_seconds, escalate_seconds, poor_signal_minutes, poor_rsrp_dbm, poor_sinr_db, off.")
        {
            tenant, site, set, data,
        };
        rules.SetAction(result =>
        {
            string? t = result.GetValue(tenant), s = result.GetValue(site), json = result.GetValue(set);
            TextWriter error = result.InvocationConfiguration.Error;
            if ((t == null) == (s == null))
            {
                error.WriteLine("nfbond aggregator alerts rules: give --tenant or --site (one of them)");
                return NfBondCli.BadInput;
            }

            AlertRuleSet? changes = null;
            if (json != null && (changes = AlertRuleSet.Read(json, out string? problem)) == null)
            {
                error.WriteLine("nfbond aggregator alerts rules: --set: " + problem);
                return NfBondCli.BadInput;
            }

            AggregatorOptions options = AggregatorSettings.Load(new Dictionary<string, string?> { [nameof(AggregatorOptions.DataDirectory)] = result.GetValue(data) });
            if (AccountCommands.OpenStore(result, data, "alerts rules") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                AlertRuleBook book = new(store, options.Alerts);
                if (changes != null)
                {
                    if (t != null)
                    {
                        book.SetTenant(t, changes);
                    }
                    else
                    {
                        book.SetSite(s!, changes);
                    }
                }

                AlertRuleSet own = (t != null ? book.OfTenant(t) : book.OfSite(s!)) ?? new AlertRuleSet();
                TextWriter output = result.InvocationConfiguration.Output;
                output.WriteLine($"{(t != null ? "tenant " + t : "site " + s)} changes: {JsonSerializer.Serialize(own, AlertRuleSet.Json)}");
                if (s != null)
                {
                    output.WriteLine("in force: " + JsonSerializer.Serialize(book.For(s), AlertRuleSet.Json));
                }
            }

            return 0;
        });
        return rules;
    }
}
