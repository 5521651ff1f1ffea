using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications;

/// <summary>Notifications of new messages by e-mail (SMTP); the delivery job is scheduled with the other jobs.</summary>
internal static class NotificationsSetup
{
    public static void AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<EmailChannel>();
        services.AddScoped<NotificationRecorder>();
        services.AddScoped<NotificationDeliveryJob>();
    }

    /// <summary>Says once, at start-up, that e-mail is off when no SMTP host is configured.</summary>
    public static void LogNotificationChannels(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SmtpOptions>>().Value.IsEnabled)
        {
            app.Logger.LogInformation("E-mail notifications are off: Notifications:Smtp:Host is not set.");
        }
    }
}
