using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Notifications of new messages by e-mail (SMTP) and SMS (HTTP gateway), and each person's settings for them; the
/// delivery job is scheduled with the other jobs.
/// </summary>
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
        services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<EmailChannel>();
        // No resilience pipeline: a failed send is an attempt of the delivery job, which waits and tries again.
        services.AddHttpClient<SmsChannel>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<NotificationSettingsService>();
        services.AddScoped<NotificationRecorder>();
        services.AddScoped<NotificationDeliveryJob>();
    }

    /// <summary>Says once, at start-up, that e-mail or SMS is off when no SMTP host or SMS gateway is configured.</summary>
    public static void LogNotificationChannels(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SmtpOptions>>().Value.IsEnabled)
        {
            app.Logger.LogInformation("E-mail notifications are off: Notifications:Smtp:Host is not set.");
        }

        if (!app.Services.GetRequiredService<IOptions<SmsOptions>>().Value.IsEnabled)
        {
            app.Logger.LogInformation("SMS notifications are off: Notifications:Sms:BaseUrl is not set.");
        }
    }
}
