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
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    }
}
