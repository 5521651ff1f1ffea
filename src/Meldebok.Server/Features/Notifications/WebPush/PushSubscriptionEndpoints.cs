using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Notifications.WebPush;

/// <summary>The signed-in person's devices for Web Push notifications.</summary>
internal static class PushSubscriptionEndpoints
{
    public static void MapPushSubscriptions(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Notifications").RequireAuthorization(Policies.Person);

        me.MapGet("/push/public-key", Ok<PushPublicKeyResponse> (PushSubscriptionService service) => TypedResults.Ok(service.PublicKey()))
            .WithName("GetPushPublicKey")
            .WithSummary("Whether the municipality sends Web Push notifications, and the VAPID public key a browser subscribes with (applicationServerKey).");

        me.MapPost("/push-subscriptions", async Task<Results<Ok<PushSubscriptionResponse>, NotFound>> (
                PushSubscriptionRequest request, PushSubscriptionService service, CancellationToken ct) =>
                await service.SubscribeAsync(request, ct) is { } stored ? TypedResults.Ok(stored) : TypedResults.NotFound())
            .WithName("CreatePushSubscription")
            .WithSummary("Take notifications by Web Push on this device: the browser's subscription (endpoint, p256dh, auth). The same endpoint again renews its keys; at most 10 devices (409); 409 when the municipality has no push. 404 for someone who is neither guardian nor staff.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        me.MapDelete("/push-subscriptions/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, PushSubscriptionService service, CancellationToken ct) =>
                await service.UnsubscribeAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("DeletePushSubscription")
            .WithSummary("Stop notifications by Web Push on the device of this subscription. Idempotent: 204 also when it is already gone (or not the caller's, which is left alone). 404 for someone who is neither guardian nor staff.");
    }
}
