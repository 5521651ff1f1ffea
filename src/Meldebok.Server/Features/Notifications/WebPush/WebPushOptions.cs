using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace Meldebok.Server.Features.Notifications.WebPush;

/// <summary>
/// The application server's VAPID identity for Web Push (section <c>Notifications:WebPush</c>); no keys means no push.
/// Generate a pair with <c>Meldebok.Server generate-vapid-keys</c>.
/// </summary>
internal sealed class WebPushOptions : IValidatableObject
{
    public const string Section = "Notifications:WebPush";

    /// <summary>The public key: the uncompressed P-256 point, base64url (what browsers take as <c>applicationServerKey</c>).</summary>
    public string? PublicKey { get; set; }

    /// <summary>The private key: the 32-byte P-256 scalar, base64url. A secret.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Who push services may contact about Meldebok's pushes: <c>mailto:drift@kommune.no</c> or an https address.</summary>
    public string? Subject { get; set; }

    /// <summary>How long a push service keeps a notification for a device that is offline (TTL), in hours.</summary>
    [Range(0, 672, ErrorMessage = "Notifications:WebPush:TimeToLiveHours må være mellom 0 og 672.")]
    public int TimeToLiveHours { get; set; } = 24;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(PublicKey) || !string.IsNullOrWhiteSpace(PrivateKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
        {
            yield break;
        }

        string? keyError = null;
        try
        {
            using var key = WebPushCrypto.SigningKey(new VapidKeys(PublicKey ?? "", PrivateKey ?? ""));
        }
        catch (CryptographicException exception)
        {
            keyError = exception.Message;
        }

        if (keyError is not null)
        {
            yield return new ValidationResult(
                $"Notifications:WebPush:PublicKey og Notifications:WebPush:PrivateKey må være et VAPID-nøkkelpar (lag et med «generate-vapid-keys»): {keyError}",
                [nameof(PublicKey)]);
        }

        if (!(Subject is { } subject && (subject.StartsWith("mailto:", StringComparison.Ordinal) && subject.Length > 7
            || Uri.TryCreate(subject, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult(
                "Notifications:WebPush:Subject må være en mailto:-adresse eller en https-adresse når Web Push er slått på.", [nameof(Subject)]);
        }
    }
}
