using System.Text.Json;
using System.Text.RegularExpressions;

namespace NfBond.Aggregator.Plans;

/// <summary>
/// What the integrator enters for a site's emergency plan; everything else (links, providers, controllers,
/// modems, alert channels, business profile, drills, incidents) comes from the live configuration and the
/// stored events. Read and written as snake_case JSON.
/// </summary>
/// <param name="Owner">Who owns the plan (the site's emergency officer).</param>
/// <param name="Approver">Who approves it for the management.</param>
/// <param name="Distribution">Who holds a copy (printed: the plan is needed when the internet is down).</param>
/// <param name="Address">The site's address.</param>
/// <param name="ActivationMinutes">How long every link must be down before the plan is activated (1-1440, default 5).</param>
/// <param name="Contacts">The alarm chain in calling order.</param>
/// <param name="Providers">The links' contracts.</param>
/// <param name="Processes">The critical business processes.</param>
/// <param name="Risks">Threats beyond the standard ones derived from the links.</param>
/// <param name="ImmediateMeasures">Steps beyond the standard ones, in order.</param>
/// <param name="Continuity">Alternative processes while the internet is down (e.g. "cash only").</param>
/// <param name="Backups">Data backups and fallback systems.</param>
/// <param name="Communication">Message templates and channels.</param>
/// <param name="Lessons">Lessons learned from past incidents and drills.</param>
/// <param name="PasswordsKeptAt">Where the passwords are kept (never the passwords).</param>
/// <param name="ContractsKeptAt">Where the contracts are kept.</param>
public sealed record PlanInputs(
    string Owner,
    string Approver,
    string[]? Distribution = null,
    string? Address = null,
    int ActivationMinutes = 5,
    PlanContact[]? Contacts = null,
    PlanProvider[]? Providers = null,
    PlanProcess[]? Processes = null,
    PlanRisk[]? Risks = null,
    string[]? ImmediateMeasures = null,
    string[]? Continuity = null,
    PlanBackup[]? Backups = null,
    PlanCommunication? Communication = null,
    string[]? Lessons = null,
    string? PasswordsKeptAt = null,
    string? ContractsKeptAt = null)
{
    private static readonly string[] s_levels = ["low", "medium", "high"];

    /// <summary>How inputs are written: snake_case members, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>The inputs of a site nobody has written a plan for yet: every section falls back to the standard text.</summary>
    public static PlanInputs Empty { get; } = new("", "");

    /// <summary>Reads inputs.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="links">The site's link names, to check the references to them.</param>
    /// <param name="problem">What is wrong (where, what value, what is allowed), or null.</param>
    /// <returns>The inputs, or null.</returns>
    public static PlanInputs? Read(string json, IReadOnlyCollection<string> links, out string? problem)
    {
        PlanInputs? inputs;
        try
        {
            inputs = JsonSerializer.Deserialize<PlanInputs>(json, Json);
        }
        catch (JsonException ex)
        {
            problem = $"the plan inputs do not read at {ex.Path ?? "$"}: {ex.Message}";
            return null;
        }

        problem = inputs == null ? "the plan inputs are null; give an object with owner, approver, contacts, providers, processes ..." : inputs.Problem(links);
        return problem == null ? inputs : null;
    }

    /// <summary>Checks the inputs.</summary>
    /// <param name="links">The site's link names.</param>
    /// <returns>Null when usable, else what is wrong.</returns>
    public string? Problem(IReadOnlyCollection<string> links)
    {
        string known = links.Count == 0 ? "(the site has no links yet)" : string.Join(", ", links);
        if (string.IsNullOrWhiteSpace(Owner) || string.IsNullOrWhiteSpace(Approver))
        {
            return "owner and approver: give the names of the plan's owner and of who approves it";
        }

        if (ActivationMinutes is < 1 or > 1440)
        {
            return $"activation_minutes {ActivationMinutes}: 1 to 1440";
        }

        for (int i = 0; i < (Contacts?.Length ?? 0); i++)
        {
            PlanContact c = Contacts![i];
            if (string.IsNullOrWhiteSpace(c.Role) || string.IsNullOrWhiteSpace(c.Name) || !Phone(c.Phone))
            {
                return $"contacts[{i}]: give role, name and phone (digits, spaces, + - / ( )); phone '{c.Phone}'";
            }

            if (!string.IsNullOrEmpty(c.Email) && (!MimeKit.MailboxAddress.TryParse(c.Email, out _) || !c.Email.Contains('@')))
            {
                return $"contacts[{i}].email '{c.Email}' is not an e-mail address";
            }

            if (!string.IsNullOrEmpty(c.DeputyPhone) && !Phone(c.DeputyPhone))
            {
                return $"contacts[{i}].deputy_phone '{c.DeputyPhone}' is not a phone number";
            }
        }

        for (int i = 0; i < (Providers?.Length ?? 0); i++)
        {
            PlanProvider p = Providers![i];
            if (!links.Contains(p.Link))
            {
                return $"providers[{i}].link '{p.Link}' is not a link of the site; one of {known}";
            }

            if (!Phone(p.Hotline) || string.IsNullOrWhiteSpace(p.Contract))
            {
                return $"providers[{i}] ({p.Link}): give hotline (a phone number) and contract; hotline '{p.Hotline}'";
            }
        }

        for (int i = 0; i < (Processes?.Length ?? 0); i++)
        {
            PlanProcess p = Processes![i];
            if (string.IsNullOrWhiteSpace(p.Name) || string.IsNullOrWhiteSpace(p.Systems))
            {
                return $"processes[{i}]: give name and systems";
            }

            if (p.RtoMinutes is < 1 or > 100_000 || p.MaxDowntimeMinutes < p.RtoMinutes || p.MaxDowntimeMinutes > 100_000)
            {
                return $"processes[{i}] ({p.Name}): rto_minutes {p.RtoMinutes} and max_downtime_minutes {p.MaxDowntimeMinutes} must be 1 to 100000, the maximum downtime at least the RTO";
            }

            if (p.Links?.FirstOrDefault(l => !links.Contains(l)) is string unknown)
            {
                return $"processes[{i}] ({p.Name}): link '{unknown}' is not a link of the site; one of {known}";
            }
        }

        for (int i = 0; i < (Risks?.Length ?? 0); i++)
        {
            PlanRisk r = Risks![i];
            if (string.IsNullOrWhiteSpace(r.Threat) || string.IsNullOrWhiteSpace(r.Measure) || !s_levels.Contains(r.Likelihood) || !s_levels.Contains(r.Impact))
            {
                return $"risks[{i}]: give threat and measure, likelihood and impact each low, medium or high (likelihood '{r.Likelihood}', impact '{r.Impact}')";
            }
        }

        for (int i = 0; i < (Backups?.Length ?? 0); i++)
        {
            PlanBackup b = Backups![i];
            if (string.IsNullOrWhiteSpace(b.What) || string.IsNullOrWhiteSpace(b.HowOften) || string.IsNullOrWhiteSpace(b.Where))
            {
                return $"backups[{i}]: give what, how_often and where";
            }
        }

        return null;
    }

    private static bool Phone(string? text) => text != null && Regex.IsMatch(text, @"^\+?[0-9][0-9 ()/\-]{3,30}$");
}
