using System.CommandLine;
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
        return new Command("alerts", "Alerting.") { new Command("channel", "Alert channels.") { add } };
    }
}
