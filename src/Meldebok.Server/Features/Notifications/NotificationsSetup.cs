using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// Notifications of new messages by e-mail (SMTP), SMS (HTTP gateway) and Web Push, and each person's settings for them; the
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
        services.AddOptions<WebPush.WebPushOptions>()
            .BindConfiguration(WebPush.WebPushOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<EmailChannel>();
        // No resilience pipeline: a failed send is an attempt of the delivery job, which waits and tries again.
        services.AddHttpClient<SmsChannel>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient<WebPush.WebPushChannel>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<NotificationSettingsService>();
        services.AddScoped<WebPush.PushSubscriptionService>();
        services.AddScoped<NotificationRecorder>();
        services.AddScoped<NotificationDeliveryJob>();
        services.AddSingleton<NotificationDeliveryTrigger>();
        services.AddScoped<NotificationDigestJob>();
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

        if (!app.Services.GetRequiredService<IOptions<WebPush.WebPushOptions>>().Value.IsEnabled)
        {
            app.Logger.LogInformation("Web Push notifications are off: Notifications:WebPush:PublicKey is not set.");
        }
    }

    /// <summary>
    /// The <c>generate-vapid-keys</c> verb: prints a new VAPID key pair as the settings to give the host, and exits. Needs
    /// no database or configuration.
    /// </summary>
    public static int? TryGenerateVapidKeys(string[] args, TextWriter output)
    {
        if (args is not ["generate-vapid-keys", ..])
        {
            return null;
        }

        var keys = WebPush.WebPushCrypto.GenerateVapidKeys();
        output.WriteLine($"Notifications__WebPush__PublicKey={keys.PublicKey}");
        output.WriteLine($"Notifications__WebPush__PrivateKey={keys.PrivateKey}");
        output.WriteLine("Notifications__WebPush__Subject=mailto:drift@kommune.no");
        return 0;
    }
}
