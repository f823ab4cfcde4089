using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NfBond.Aggregator.Security;

/// <summary>
/// The certificate the aggregator's TLS listeners (MQTT over TLS, HTTPS) present: the one configured
/// (<see cref="AggregatorOptions.CertificateFile"/>, PFX or PEM), or else a private CA and a server
/// certificate it signed, generated into <c>tls/</c> in the data directory on first start and reused after.
/// Controllers verify the server against the CA file (<see cref="CaFileName"/>).
/// </summary>
public sealed class ServerCertificates
{
    /// <summary>The generated CA's certificate in the data directory (what a controller is given).</summary>
    public const string CaFileName = "tls/ca.pem";

    private const string CaKeyFileName = "tls/ca-key.pem";
    private const string ServerFileName = "tls/server.pfx";

    private ServerCertificates(X509Certificate2 server, string? caPem, string source)
    {
        Server = server;
        CaPem = caPem;
        Source = source;
    }

    /// <summary>Gets the server certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Gets the PEM of the CA a controller should trust, or null when the certificate was configured (its issuer is the operator's).</summary>
    public string? CaPem { get; }

    /// <summary>Gets where the certificate came from, for the start-up line.</summary>
    public string Source { get; }

    /// <summary>Gets the SHA-256 fingerprint of what a controller pins: the CA when generated, else the server certificate.</summary>
    public string Fingerprint => FingerprintOf(CaPem != null ? X509Certificate2.CreateFromPem(CaPem) : Server);

    /// <summary>Formats a certificate's SHA-256 fingerprint as colon-separated hex.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>E.g. <c>3A:5F:...</c>.</returns>
    public static string FingerprintOf(X509Certificate2 certificate) => string.Join(":", certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2")));

    /// <summary>Loads the configured certificate, or the generated one (generating it on first use).</summary>
    /// <param name="options">The aggregator's options.</param>
    /// <returns>The certificates.</returns>
    /// <exception cref="ArgumentException">A configured file is missing or not a certificate with its key; the message names it.</exception>
    public static ServerCertificates Load(AggregatorOptions options)
    {
        if (options.CertificateFile.Length > 0)
        {
            return new ServerCertificates(LoadConfigured(options), null, options.CertificateFile);
        }

        string ca = Path.Combine(options.DataDirectory, CaFileName);
        string server = Path.Combine(options.DataDirectory, ServerFileName);
        if (!File.Exists(ca) || !File.Exists(server))
        {
            Generate(options, ca, Path.Combine(options.DataDirectory, CaKeyFileName), server);
        }

        return new ServerCertificates(X509CertificateLoader.LoadPkcs12FromFile(server, null), File.ReadAllText(ca), server + " (signed by the generated CA " + ca + ")");
    }

    private static X509Certificate2 LoadConfigured(AggregatorOptions options)
    {
        string where = $"{AggregatorSettings.Section}:CertificateFile \"{options.CertificateFile}\"";
        if (!File.Exists(options.CertificateFile))
        {
            throw new ArgumentException($"{where} does not exist");
        }

        try
        {
            X509Certificate2 certificate = options.CertificateFile.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || options.CertificateFile.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(options.CertificateFile, options.CertificateKeyFile.Length > 0 ? options.CertificateKeyFile : null)
                : X509CertificateLoader.LoadPkcs12FromFile(options.CertificateFile, options.CertificatePassword.Length > 0 ? options.CertificatePassword : null);
            if (!certificate.HasPrivateKey)
            {
                throw new ArgumentException($"{where} has no private key: give a PFX with its key, or a PEM and CertificateKeyFile");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"{where} is not a certificate with its key (PFX, or PEM with CertificateKeyFile): {ex.Message}", ex);
        }
    }

    private static void Generate(AggregatorOptions options, string caPath, string caKeyPath, string serverPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(caPath)!);
        DateTimeOffset now = DateTimeOffset.UtcNow;

        // ECDSA P-256: small enough for a microcontroller's TLS stack (mbedTLS on nanoFramework) and its memory.
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest caRequest = new("CN=nf-bond aggregator CA " + Environment.MachineName, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 caCertificate = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));

        using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest serverRequest = new("CN=" + Environment.MachineName, serverKey, HashAlgorithmName.SHA256);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCertificate, true, false));
        SubjectAlternativeNameBuilder names = new();
        foreach (string name in Names(options))
        {
            if (IPAddress.TryParse(name, out IPAddress? ip))
            {
                names.AddIpAddress(ip);
            }
            else
            {
                names.AddDnsName(name);
            }
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 signed = serverRequest.Create(caCertificate, now.AddDays(-1), now.AddYears(5), serial);
        using X509Certificate2 withKey = signed.CopyWithPrivateKey(serverKey);

        WritePrivate(caKeyPath, caKey.ExportPkcs8PrivateKeyPem());
        WritePrivate(serverPath, withKey.Export(X509ContentType.Pkcs12));
        File.WriteAllText(caPath, caCertificate.ExportCertificatePem() + "\n");
    }

    // Every name a controller may use for the aggregator: the configured ones, this machine, loopback and the listen address.
    private static IEnumerable<string> Names(AggregatorOptions options)
    {
        HashSet<string> names = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1", Environment.MachineName };
        if (options.ListenAddress is not ("0.0.0.0" or "::"))
        {
            names.Add(options.ListenAddress);
        }

        foreach (string name in options.TlsNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            names.Add(name);
        }

        return names;
    }

    private static void WritePrivate(string path, string text) => WritePrivate(path, System.Text.Encoding.ASCII.GetBytes(text));

    private static void WritePrivate(string path, byte[] bytes)
    {
        using (File.Create(path))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllBytes(path, bytes);
    }
}
