using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Meldebok.Server.Tests.Infrastructure;

/// <summary>Self-signed certificates for hosts that run as Production (which refuses generated keys).</summary>
public static class TestCertificates
{
    /// <summary>A PKCS#12 file, base64-encoded, as <c>Auth:SigningCertificate</c> expects.</summary>
    public static string Pkcs12Base64(string subject, X509KeyUsageFlags usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        // Valid around any fake clock the tests set (OpenIddict checks validity against the host's TimeProvider).
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    }
}
