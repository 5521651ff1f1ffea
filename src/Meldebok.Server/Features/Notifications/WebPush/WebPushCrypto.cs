using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Meldebok.Server.Features.Notifications.WebPush;

/// <summary>A VAPID key pair as Meldebok is configured with it: the uncompressed P-256 public point (65 bytes) and the private scalar (32 bytes), base64url.</summary>
internal sealed record VapidKeys(string PublicKey, string PrivateKey);

/// <summary>
/// The cryptography of Web Push with .NET's own primitives: message encryption by RFC 8291 (the <c>aes128gcm</c> content
/// coding of RFC 8188, one record) and the application server's identification by RFC 8292 (VAPID: an ES256-signed JWT
/// with the push service's origin as audience).
/// </summary>
internal static class WebPushCrypto
{
    /// <summary>The record size written in the header; one record carries the whole (small) payload.</summary>
    public const int RecordSize = 4096;

    /// <summary>The largest payload one record holds: the record size less the tag (16) and the delimiter (1).</summary>
    public const int MaxPayloadBytes = RecordSize - 17;

    public static VapidKeys GenerateVapidKeys()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        return new VapidKeys(WebEncoders.Base64UrlEncode(PublicPoint(parameters.Q)), WebEncoders.Base64UrlEncode(parameters.D!));
    }

    /// <summary>The uncompressed form of a P-256 point: 0x04, X, Y.</summary>
    public static byte[] PublicPoint(ECPoint q) => [0x04, .. q.X!, .. q.Y!];

    /// <summary>A P-256 point from its uncompressed form; null when it is not one (wrong length, prefix or not on the curve).</summary>
    public static ECParameters? PublicParameters(byte[] point)
    {
        if (point.Length != 65 || point[0] != 0x04)
        {
            return null;
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        };
        try
        {
            using var check = ECDiffieHellman.Create(parameters);
            return parameters;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Decodes base64url (padding tolerated); null when it is not.</summary>
    public static byte[]? FromBase64Url(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return WebEncoders.Base64UrlDecode(value.Trim().TrimEnd('='));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The signing key of a configured pair; throws when the two halves do not belong together.</summary>
    public static ECDsa SigningKey(VapidKeys keys)
    {
        var point = FromBase64Url(keys.PublicKey) ?? throw new CryptographicException("Den offentlige VAPID-nøkkelen er ikke base64url.");
        var d = FromBase64Url(keys.PrivateKey) ?? throw new CryptographicException("Den private VAPID-nøkkelen er ikke base64url.");
        if (PublicParameters(point) is not { } parameters || d.Length != 32)
        {
            throw new CryptographicException("VAPID-nøklene må være et P-256-nøkkelpar (65 og 32 byte).");
        }

        parameters.D = d;
        var key = ECDsa.Create(parameters);
        // ImportParameters does not check that D belongs to Q: a signature made with D must verify with Q alone.
        using var publicOnly = ECDsa.Create(new ECParameters { Curve = parameters.Curve, Q = parameters.Q });
        var probe = "meldebok"u8.ToArray();
        if (!publicOnly.VerifyData(probe, key.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256))
        {
            key.Dispose();
            throw new CryptographicException("Den private VAPID-nøkkelen hører ikke til den offentlige.");
        }

        return key;
    }

    /// <summary>
    /// The <c>Authorization</c> header value of RFC 8292: <c>vapid t=&lt;JWT&gt;, k=&lt;public key&gt;</c>. The JWT is
    /// ES256 (the signature as r‖s), audience the origin of the push endpoint, expiring <paramref name="expires"/>.
    /// </summary>
    public static string VapidAuthorization(ECDsa signingKey, string publicKey, Uri endpoint, string subject, DateTimeOffset expires)
    {
        var header = WebEncoders.Base64UrlEncode("""{"typ":"JWT","alg":"ES256"}"""u8.ToArray());
        var claims = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = endpoint.GetLeftPart(UriPartial.Authority),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["sub"] = subject,
        }));
        var signingInput = header + "." + claims;
        var signature = signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"vapid t={signingInput}.{WebEncoders.Base64UrlEncode(signature)}, k={publicKey}";
    }

    /// <summary>
    /// Encrypts <paramref name="payload"/> for one subscription (RFC 8291): an ephemeral P-256 key agrees a secret with the
    /// browser's key, mixed with its auth secret into the input keying material; a random salt gives the content key and
    /// nonce. The body is the aes128gcm header (salt, record size, the ephemeral public key as key id) and one record.
    /// </summary>
    public static byte[] Encrypt(byte[] payload, byte[] userAgentPublicKey, byte[] authSecret)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException("Innholdet er for stort for ett Web Push-varsel.", nameof(payload));
        }

        var uaParameters = PublicParameters(userAgentPublicKey) ?? throw new CryptographicException("Abonnementets p256dh er ikke en P-256-nøkkel.");
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var userAgent = ECDiffieHellman.Create(uaParameters);
        var asPublic = PublicPoint(ephemeral.ExportParameters(false).Q);
        var sharedSecret = ephemeral.DeriveRawSecretAgreement(userAgent.PublicKey);
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. userAgentPublicKey, .. asPublic];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, authSecret, keyInfo);
        var salt = RandomNumberGenerator.GetBytes(16);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());

        // The last (and only) record ends with the delimiter 0x02 and no padding.
        byte[] plaintext = [.. payload, 0x02];
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(contentKey, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        var body = new byte[16 + 4 + 1 + asPublic.Length + ciphertext.Length + tag.Length];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16, 4), RecordSize);
        body[20] = (byte)asPublic.Length;
        asPublic.CopyTo(body, 21);
        ciphertext.CopyTo(body, 21 + asPublic.Length);
        tag.CopyTo(body, 21 + asPublic.Length + ciphertext.Length);
        return body;
    }
}
