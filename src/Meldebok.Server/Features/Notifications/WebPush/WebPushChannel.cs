using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications.WebPush;

/// <summary>
/// What a device shows: a title, a short text and the link it opens, never a message's subject or text. <see cref="Tag"/>
/// is the delivery's id: a device that gets the same notification again (a retry) replaces it instead of showing two.
/// </summary>
internal sealed record PushNotification(string Title, string Body, string Url, string Tag);

/// <summary>A push service refused a push; <see cref="RetryAfter"/> is its own wish for the next attempt, if it said.</summary>
internal sealed class WebPushException(string message, TimeSpan? retryAfter) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Sends Web Push messages (RFC 8030) to browsers' push services: the payload encrypted for the subscription (RFC 8291,
/// aes128gcm) and the request signed with the VAPID key (RFC 8292). Off when no keys are configured. It does not retry by
/// itself: a failure is an attempt of the delivery job.
/// </summary>
internal sealed class WebPushChannel(HttpClient http, IOptions<WebPushOptions> options, TimeProvider time) : IDisposable
{
    private ECDsa? signingKey;

    public bool IsEnabled => options.Value.IsEnabled;

    /// <summary>The public key browsers subscribe with (<c>applicationServerKey</c>); null when push is off.</summary>
    public string? PublicKey => IsEnabled ? options.Value.PublicKey : null;

    /// <summary>
    /// Pushes one notification to one device. True when the push service accepted it; false when it answered 404 or 410
    /// (the subscription has expired or was withdrawn: the caller removes it). Throws <see cref="WebPushException"/> otherwise.
    /// </summary>
    public async Task<bool> SendAsync(PushSubscription subscription, PushNotification notification, bool urgent, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            throw new InvalidOperationException("Web Push er slått av: Notifications:WebPush er ikke satt.");
        }

        signingKey ??= WebPushCrypto.SigningKey(new VapidKeys(settings.PublicKey!, settings.PrivateKey!));
        var endpoint = new Uri(subscription.Endpoint, UriKind.Absolute);
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new { title = notification.Title, body = notification.Body, url = notification.Url, tag = notification.Tag });
        var body = WebPushCrypto.Encrypt(payload,
            WebPushCrypto.FromBase64Url(subscription.P256dh) ?? throw new WebPushException("Abonnementets p256dh er ugyldig.", null),
            WebPushCrypto.FromBase64Url(subscription.Auth) ?? throw new WebPushException("Abonnementets auth er ugyldig.", null));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("Authorization",
            WebPushCrypto.VapidAuthorization(signingKey, settings.PublicKey!, endpoint, settings.Subject!, time.GetUtcNow().AddHours(12)));
        request.Headers.Add("TTL", (settings.TimeToLiveHours * 3600).ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", urgent ? "high" : "normal");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException exception)
        {
            throw new WebPushException($"Push-tjenesten svarte ikke: {exception.Message}", null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new WebPushException("Push-tjenesten svarte ikke i tide.", null);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return false;
            }

            var retryAfter = response.Headers.RetryAfter?.Delta;
            throw new WebPushException(
                $"Push-tjenesten svarte {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()}).",
                response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500 ? retryAfter : null);
        }
    }

    public void Dispose() => signingKey?.Dispose();
}

/// <summary>Every device of the person has unsubscribed (404/410 from their push services): the notification cannot go by push.</summary>
internal sealed class PushSubscriptionsGoneException() : Exception("Ingen av mottakerens enheter tar lenger imot varsler (push-tjenesten svarte 404/410).");
