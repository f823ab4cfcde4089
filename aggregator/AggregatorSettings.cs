namespace NfBond.Aggregator;

/// <summary>Loads <see cref="AggregatorOptions"/> from appsettings files, environment variables and flags, and checks them.</summary>
public static class AggregatorSettings
{
    /// <summary>The configuration section holding the options.</summary>
    public const string Section = "Aggregator";

    /// <summary>
    /// Reads the options: defaults, then <c>appsettings.json</c> in the working directory, then
    /// <c>appsettings.json</c> in the data directory, then environment variables (<c>Aggregator__Storage</c>),
    /// then <paramref name="overrides"/> (command-line flags given, as option name and value).
    /// </summary>
    /// <param name="overrides">Values given on the command line.</param>
    /// <returns>The options, or an exception naming every wrong setting.</returns>
    public static AggregatorOptions Load(IReadOnlyDictionary<string, string?> overrides)
    {
        Dictionary<string, string?> flags = overrides.Where(p => p.Value != null).ToDictionary(p => Section + ":" + p.Key, p => p.Value);
        IConfigurationRoot first = Build(Directory.GetCurrentDirectory(), null, flags);
        string dataDirectory = first.GetSection(Section)[nameof(AggregatorOptions.DataDirectory)] ?? new AggregatorOptions().DataDirectory;
        IConfigurationRoot all = Build(Directory.GetCurrentDirectory(), Path.GetFullPath(dataDirectory), flags);
        AggregatorOptions options = new();
        try
        {
            all.GetSection(Section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException("configuration: " + ex.Message + (ex.InnerException != null ? " (" + ex.InnerException.Message + ")" : ""), ex);
        }

        Check(options);
        return options;
    }

    /// <summary>Checks options made in code; throws naming every wrong setting, its value and what is allowed.</summary>
    /// <param name="options">The options.</param>
    public static void Check(AggregatorOptions options)
    {
        List<string> problems = [];
        void Port(string name, int value)
        {
            if (value is < 0 or > 65535)
            {
                problems.Add($"{Section}:{name}: {value} is not a port (0-65535)");
            }
        }

        Port(nameof(options.MqttPort), options.MqttPort);
        Port(nameof(options.HttpPort), options.HttpPort);
        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            problems.Add($"{Section}:ListenAddress: \"{options.ListenAddress}\" is not an IP address (e.g. 127.0.0.1, 0.0.0.0)");
        }

        if (options.MaxMessageBytes is < 256 or > 1 << 24)
        {
            problems.Add($"{Section}:MaxMessageBytes: {options.MaxMessageBytes} is outside 256-16777216");
        }

        Port(nameof(options.MqttTlsPort), options.MqttTlsPort ?? 0);
        Port(nameof(options.HttpsPort), options.HttpsPort ?? 0);
        if (System.Net.IPAddress.TryParse(options.ListenAddress, out _) && !options.ServesPlaintext() && options.EffectiveMqttTlsPort() == 0)
        {
            problems.Add($"{Section}:MqttTlsPort is 0 while ListenAddress {options.ListenAddress} is beyond loopback: controllers would have no broker; give a TLS port, or set AllowPlaintext to send passwords in clear");
        }

        if (options.BrokerCaFile.Length > 0 && !File.Exists(options.BrokerCaFile))
        {
            problems.Add($"{Section}:BrokerCaFile: \"{options.BrokerCaFile}\" does not exist");
        }

        if (options.MaxConnectBytes is < 128 or > 1 << 20)
        {
            problems.Add($"{Section}:MaxConnectBytes: {options.MaxConnectBytes} is outside 128-1048576");
        }

        if (options.CredentialCheckSeconds is < 1 or > 3600)
        {
            problems.Add($"{Section}:CredentialCheckSeconds: {options.CredentialCheckSeconds} is outside 1-3600");
        }

        if (options.LoginDeadlineSeconds is < 1 or > 300)
        {
            problems.Add($"{Section}:LoginDeadlineSeconds: {options.LoginDeadlineSeconds} is outside 1-300");
        }

        if (options.Storage is not ("sqlite" or "postgres"))
        {
            problems.Add($"{Section}:Storage: \"{options.Storage}\" is not known; allowed: sqlite, postgres");
        }
        else if (options.Storage == "postgres" && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            problems.Add($"{Section}:PostgresConnectionString is required when Storage is postgres (e.g. Host=db;Username=nfbond;Password=...;Database=nfbond)");
        }

        if (options.Broker != "embedded" && !(Uri.TryCreate(options.Broker, UriKind.Absolute, out Uri? uri) && uri.Scheme is "mqtt" or "mqtts"))
        {
            problems.Add($"{Section}:Broker: \"{options.Broker}\" is neither \"embedded\" nor mqtt://[user:password@]host[:port] (or mqtts://)");
        }

        if (options.Broker != "embedded" && options.AllowAnonymous)
        {
            problems.Add($"{Section}:AllowAnonymous applies to the embedded broker only; an external broker decides who may connect");
        }

        if (string.IsNullOrWhiteSpace(options.SharedGroup) || options.SharedGroup.IndexOfAny(['/', '+', '#']) >= 0)
        {
            problems.Add($"{Section}:SharedGroup: \"{options.SharedGroup}\" must be non-empty without '/', '+' or '#'");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }
    }

    private static IConfigurationRoot Build(string workingDirectory, string? dataDirectory, Dictionary<string, string?> flags)
    {
        ConfigurationBuilder builder = new();
        builder.AddJsonFile(Path.Combine(workingDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (dataDirectory != null)
        {
            builder.AddJsonFile(Path.Combine(dataDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(flags);
        return builder.Build();
    }
}
