using System;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NfBond.Hal.Linux;

/// <summary>
/// Verifies a broker's TLS certificate against one CA the controller was given (the aggregator's own CA,
/// printed by <c>nfbond aggregator device add</c>) instead of the system's roots: the chain must end at
/// that CA and the certificate must name the host the controller dialled.
/// </summary>
public sealed class BrokerCertificateCheck
{
    private readonly X509Certificate2 _ca;

    /// <summary>Creates the check.</summary>
    /// <param name="caPem">The CA certificate, PEM.</param>
    /// <exception cref="ArgumentException">The text is not a PEM certificate.</exception>
    public BrokerCertificateCheck(string caPem)
    {
        try
        {
            _ca = X509Certificate2.CreateFromPem(caPem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("the broker CA is not a PEM certificate: " + ex.Message, ex);
        }
    }

    /// <summary>Makes an MQTTnet client's TLS handshake accept only a certificate this check accepts.</summary>
    /// <param name="tls">The client's TLS options.</param>
    /// <param name="outcome">Told each verdict: null when accepted, else why not.</param>
    public void ApplyTo(MQTTnet.MqttClientTlsOptionsBuilder tls, Action<string?> outcome)
    {
        tls.WithCertificateValidationHandler(e =>
        {
            string? failure = Check(e.Certificate, e.SslPolicyErrors);
            outcome(failure);
            return failure == null;
        });
    }

    /// <summary>Checks a presented certificate.</summary>
    /// <param name="presented">The broker's certificate.</param>
    /// <param name="errors">What the TLS stack found (chain errors are expected: the CA is not a system root).</param>
    /// <returns>Null when it is the broker's, else why not.</returns>
    public string? Check(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "TLS: the broker presented no certificate";
        }

        using X509Certificate2 certificate = new(presented);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return "TLS: the broker's certificate (" + certificate.Subject + ") is not issued for the host dialled";
        }

        using X509Chain chain = new();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate)
            ? null
            : "TLS: the broker's certificate (" + certificate.Subject + ", issued by " + certificate.Issuer + ") does not chain to the configured CA (" + _ca.Subject + ")";
    }
}
