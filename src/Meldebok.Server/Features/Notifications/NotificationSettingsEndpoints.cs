using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Notifications;

/// <summary>The signed-in person's notification settings.</summary>
internal static class NotificationSettingsEndpoints
{
    public static void MapNotificationSettings(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/me/notification-settings").WithTags("Notifications").RequireAuthorization(Policies.Person);

        settings.MapGet("/", async Task<Results<Ok<NotificationSettingsResponse>, NotFound>> (NotificationSettingsService service, CancellationToken ct) =>
                await service.GetAsync(ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetNotificationSettings")
            .WithSummary("The signed-in guardian's or staff member's notification settings (the defaults until changed) and whether e-mail and SMS can reach them. 404 for someone who is neither.");

        settings.MapPut("/", async Task<Results<Ok<NotificationSettingsResponse>, NotFound>> (
                NotificationSettingsRequest request, NotificationSettingsService service, CancellationToken ct) =>
                await service.UpdateAsync(request, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("UpdateNotificationSettings")
            .WithSummary("Change the notification settings: e-mail, SMS for every message, SMS for urgent messages and the quiet hours (local time, HH:mm). Every field is required.")
            .ProducesValidationProblem();
    }
}
