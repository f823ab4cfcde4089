using System.CommandLine;
using System.Text.Json;
using NfBond.Aggregator;
using NfBond.Aggregator.Api;
using NfBond.Aggregator.Plans;
using NfBond.Aggregator.Reports;
using NfBond.Aggregator.Storage;

namespace NfBond.Cli.Commands;

/// <summary><c>nfbond aggregator plan show|set|approve</c>: a site's IT emergency plan on the aggregator's store.</summary>
public static class PlanCommands
{
    /// <summary>Creates <c>plan</c> with its subcommands.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        return new Command("plan", "The sites' IT emergency plans (BSI-Standard 200-4 structure), from the live configuration and what the integrator entered.") { Show(), Set(), Approve() };
    }

    private static Option<string> SiteOption() => new("--site") { Description = "the site", Required = true };

    private static Command Show()
    {
        Option<string> site = SiteOption();
        Option<string> lang = new("--lang") { Description = "en or de", DefaultValueFactory = _ => "en" };
        Option<string> format = new("--format") { Description = "html, pdf or json (version, approval, review status, drill log)", DefaultValueFactory = _ => "html" };
        Option<FileInfo?> output = new("--out") { Description = "where to write it (default: standard output; required for pdf)" };
        Option<string?> data = AccountCommands.DataOption();
        Command show = new("show", "Write a site's emergency plan.") { site, lang, format, output, data };
        show.SetAction(result =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            string f = result.GetValue(format)!;
            FileInfo? target = result.GetValue(output);
            string? problem = PlanTexts.For(result.GetValue(lang)) == null ? $"--lang '{result.GetValue(lang)}': en or de"
                : f is not ("html" or "pdf" or "json") ? $"--format '{f}': html, pdf or json"
                : f == "pdf" && target == null ? "--format pdf needs --out FILE" : null;
            if (problem != null)
            {
                error.WriteLine("nfbond aggregator plan show: " + problem);
                return NfBondCli.BadInput;
            }

            if (AccountCommands.OpenStore(result, data, "plan show") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                if (store.DevicesOf(result.GetValue(site)!).Count == 0)
                {
                    error.WriteLine($"nfbond aggregator plan show: no site {result.GetValue(site)} (no controller provisioned for it)");
                    return NfBondCli.BadInput;
                }

                AggregatorOptions options = AggregatorSettings.Load(new Dictionary<string, string?> { [nameof(AggregatorOptions.DataDirectory)] = result.GetValue(data) });
                EmergencyPlan plan = EmergencyPlan.Build(store, result.GetValue(site)!, options.Alerts, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                PlanTexts texts = PlanTexts.For(result.GetValue(lang))!;
                if (f == "pdf")
                {
                    PdfPrinter.Print(PlanDocument.Html(plan, texts), target!.FullName);
                    result.InvocationConfiguration.Output.WriteLine($"plan: {target.FullName}" + (plan.Review.Due ? "; review due: " + string.Join(" ", plan.Review.Reasons(texts)) : ""));
                    return 0;
                }

                string text = f == "json" ? PlanApi.Summary(plan) : PlanDocument.Html(plan, texts);
                if (target == null)
                {
                    result.InvocationConfiguration.Output.WriteLine(text);
                }
                else
                {
                    File.WriteAllText(target.FullName, text);
                }
            }

            return 0;
        });
        return show;
    }

    private static Command Set()
    {
        Option<string> site = SiteOption();
        Option<FileInfo> inputs = new("--inputs") { Description = "the plan inputs, a JSON file (owner, approver, contacts, providers, processes ...; see docs/emergency-plan.md)", Required = true };
        Option<string> author = new("--author") { Description = "who entered them", DefaultValueFactory = _ => Environment.UserName };
        Option<string?> data = AccountCommands.DataOption();
        Command set = new("set", "Store a new version of a site's plan inputs.") { site, inputs, author, data };
        set.SetAction(result =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            FileInfo file = result.GetValue(inputs)!;
            if (!file.Exists)
            {
                error.WriteLine($"nfbond aggregator plan set: --inputs {file.FullName} does not exist");
                return NfBondCli.BadInput;
            }

            if (AccountCommands.OpenStore(result, data, "plan set") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                string s = result.GetValue(site)!;
                if (PlanInputs.Read(File.ReadAllText(file.FullName), EmergencyPlan.LinkNames(store, s), out string? problem) is not PlanInputs read)
                {
                    error.WriteLine($"nfbond aggregator plan set: {file.Name}: {problem}");
                    return NfBondCli.BadInput;
                }

                PlanVersion version = store.AddPlanVersion(s, JsonSerializer.Serialize(read, PlanInputs.Json), result.GetValue(author)!, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                result.InvocationConfiguration.Output.WriteLine($"plan of {s}: version {version.Version} stored; approve it with nfbond aggregator plan approve --site {s} --approver NAME");
            }

            return 0;
        });
        return set;
    }

    private static Command Approve()
    {
        Option<string> site = SiteOption();
        Option<string> approver = new("--approver") { Description = "who approves it for the management", Required = true };
        Option<int?> version = new("--version") { Description = "the version (default the latest)" };
        Option<string?> data = AccountCommands.DataOption();
        Command approve = new("approve", "Approve a version of a site's plan against the configuration in force.") { site, approver, version, data };
        approve.SetAction(result =>
        {
            if (AccountCommands.OpenStore(result, data, "plan approve") is not IFleetStore store)
            {
                return NfBondCli.BadInput;
            }

            using (store)
            {
                PlanApproval done = PlanApproval.Approve(store, result.GetValue(site)!, result.GetValue(approver), result.GetValue(version), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (done.Problem != null)
                {
                    result.InvocationConfiguration.Error.WriteLine("nfbond aggregator plan approve: " + done.Problem);
                    return NfBondCli.BadInput;
                }

                result.InvocationConfiguration.Output.WriteLine($"plan of {result.GetValue(site)}: version {done.Version} approved by {result.GetValue(approver)} against site configuration version {done.ConfigVersion}");
            }

            return 0;
        });
        return approve;
    }
}
