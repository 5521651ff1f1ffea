namespace Meldebok.Server.Features.Notifications.WebPush;

/// <summary>What a browser needs to subscribe to Web Push.</summary>
/// <param name="Available">The municipality sends notifications by Web Push (VAPID keys are configured).</param>
/// <param name="PublicKey">The VAPID public key (base64url) to pass as <c>applicationServerKey</c>; null when push is off.</param>
public sealed record PushPublicKeyResponse(bool Available, string? PublicKey);

/// <summary>A browser's push subscription, as <c>PushSubscription.toJSON()</c> gives it (the keys flattened).</summary>
/// <param name="Endpoint">The push service's address for this device (https).</param>
/// <param name="P256dh">The browser's P-256 public key, base64url (<c>keys.p256dh</c>).</param>
/// <param name="Auth">The browser's 16-byte authentication secret, base64url (<c>keys.auth</c>).</param>
public sealed record PushSubscriptionRequest(string? Endpoint, string? P256dh, string? Auth);

/// <summary>A stored push subscription (a device).</summary>
/// <param name="Id">What <c>DELETE /api/v1/me/push-subscriptions/{id}</c> takes to turn push off on the device.</param>
/// <param name="Endpoint">The push service's address for the device.</param>
/// <param name="CreatedAt">When the device first subscribed.</param>
public sealed record PushSubscriptionResponse(Guid Id, string Endpoint, DateTimeOffset CreatedAt);

internal static class PushSubscriptionMessages
{
    public const string EndpointRequired = "Abonnementet mangler adressen til push-tjenesten.";
    public const string EndpointInvalid = "Adressen til push-tjenesten må være en https-adresse på høyst 2048 tegn.";
    public const string P256dhInvalid = "Nøkkelen p256dh må være en P-256-nøkkel (65 byte) i base64url.";
    public const string AuthInvalid = "Nøkkelen auth må være 16 byte i base64url.";
    public const string Off = "Kommunen har ikke slått på varsler på enheten.";
    public const string TooMany = "Du kan ha varsler på høyst 10 enheter. Slå av varsler på en annen enhet først.";
}
