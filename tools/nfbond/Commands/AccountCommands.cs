using System.CommandLine;
using System.Security.Cryptography;
using NfBond.Aggregator;
using NfBond.Aggregator.Accounts;
using NfBond.Aggregator.Devices;
using NfBond.Aggregator.Storage;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond aggregator user add</c> and <c>nfbond aggregator site tenant</c>: who may log in to the cockpit, and whose a site is.</summary>
public static class AccountCommands
{
    /// <summary>Creates <c>user</c> with its <c>add</c> subcommand.</summary>
    /// <returns>The command.</returns>
    public static Command User()
    {
        Option<string> name = new("--name") { Description = "login name", Required = true };
        Option<string> role = new("--role") { Description = "administrator (everything), technician (every tenant's sites and actions, no user management) or customer (read-only, own tenant)", Required = true };
        Option<string?> tenant = new("--tenant") { Description = "a customer's tenant: the sites given to it with 'site tenant'" };
        Option<string?> password = new("--password") { Description = $"the password (at least {CockpitAccounts.MinPasswordLength} characters); default: a random one, printed once" };
        Option<string?> link = new("--login-link") { Description = "also print a one-time login link (valid 24 h) for this dashboard address, e.g. http://127.0.0.1:8080" };
        Option<string?> data = DataOption();
        Command add = new("add", "Add a cockpit user, or give an existing one a new password and role.") { name, role, tenant, password, link, data };
        add.SetAction(result =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            if (!Enum.TryParse(result.GetValue(role), ignoreCase: true, out CockpitRole parsed) || !result.GetValue(role)!.All(char.IsAsciiLetter))
            {
                error.WriteLine($"nfbond aggregator user add: --role '{result.GetValue(role)}' is not allowed; administrator, technician or customer");
                return NfBondCli.BadInput;
            }

            if (OpenStore(result, data, "user add") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                string secret = result.GetValue(password) ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
                CockpitAccounts accounts = new(store);
                try
                {
                    accounts.Save(result.GetValue(name)!, parsed, result.GetValue(tenant) ?? "", secret);
                }
                catch (ArgumentException ex)
                {
                    error.WriteLine("nfbond aggregator user add: " + ex.Message);
                    return NfBondCli.BadInput;
                }

                TextWriter o = result.InvocationConfiguration.Output;
                o.WriteLine($"user {result.GetValue(name)} ({parsed.ToString().ToLowerInvariant()}{(parsed == CockpitRole.Customer ? ", tenant " + result.GetValue(tenant) : "")}) saved");
                if (result.GetValue(password) == null)
                {
                    o.WriteLine($"password (shown once): {secret}");
                }

                if (result.GetValue(link) is string url)
                {
                    o.WriteLine($"login link (once, 24 h): {url.TrimEnd('/')}/login/link/{accounts.CreateLoginLink(result.GetValue(name)!, TimeSpan.FromHours(24))}");
                }
            }

            return 0;
        });
        return new Command("user", "Cockpit users.") { add };
    }

    /// <summary>Creates <c>site</c> with its <c>tenant</c> subcommand.</summary>
    /// <returns>The command.</returns>
    public static Command Site()
    {
        Option<string> site = new("--site") { Description = "the site", Required = true };
        Option<string> tenant = new("--tenant") { Description = "the tenant (the integrator's customer) it belongs to", Required = true };
        Option<string?> data = DataOption();
        Command set = new("tenant", "Give a site to a tenant: that tenant's customers see it.") { site, tenant, data };
        set.SetAction(result =>
        {
            string? refused = FleetIds.Check("site", result.GetValue(site)!) ?? FleetIds.Check("tenant", result.GetValue(tenant)!);
            if (refused != null)
            {
                result.InvocationConfiguration.Error.WriteLine("nfbond aggregator site tenant: " + refused);
                return NfBondCli.BadInput;
            }

            if (OpenStore(result, data, "site tenant") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                store.SetSiteTenant(result.GetValue(site)!, result.GetValue(tenant)!);
            }

            result.InvocationConfiguration.Output.WriteLine($"site {result.GetValue(site)} belongs to tenant {result.GetValue(tenant)}");
            return 0;
        });
        return new Command("site", "Sites known to the aggregator.") { set };
    }

    /// <summary>The --data option of the commands that work on the aggregator's store.</summary>
    /// <returns>The option.</returns>
    public static Option<string?> DataOption() => new("--data") { Description = "the aggregator's data directory (storage settings also from appsettings.json and Aggregator__* environment variables)" };

    /// <summary>Opens the aggregator's store as its settings say, or reports why not.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="data">The --data option.</param>
    /// <param name="command">The subcommand, for the message.</param>
    /// <returns>The store, or null after reporting the problem.</returns>
    public static IFleetStore? OpenStore(ParseResult result, Option<string?> data, string command)
    {
        try
        {
            return FleetStores.Open(AggregatorSettings.Load(new Dictionary<string, string?> { [nameof(AggregatorOptions.DataDirectory)] = result.GetValue(data) }));
        }
        catch (ArgumentException ex)
        {
            result.InvocationConfiguration.Error.WriteLine($"nfbond aggregator {command}: " + ex.Message);
            return null;
        }
    }
}
