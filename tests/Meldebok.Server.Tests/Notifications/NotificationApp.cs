using Meldebok.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>The app with e-mail and SMS on, through a <see cref="TestSmtpServer"/> and a <see cref="TestSmsGateway"/> of its own.</summary>
public class NotificationApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    public const string From = "ikke-svar@testvik.kommune.no";
    public const string PublicBaseUrl = "https://meldebok.testvik.kommune.no";

    public const string SmsSender = "Testvik";

    public TestSmtpServer Smtp { get; } = new();

    public TestSmsGateway Sms { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Smtp.StartAsync();
        await Sms.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Notifications:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Notifications:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Smtp:UseTls", "false");
        builder.UseSetting("Notifications:Smtp:From", $"Meldebok <{From}>");
        builder.UseSetting("Notifications:Sms:BaseUrl", Sms.BaseUrl);
        builder.UseSetting("Notifications:Sms:ApiKey", TestSmsGateway.ApiKey);
        builder.UseSetting("Notifications:Sms:Sender", SmsSender);
        builder.UseSetting("Web:PublicBaseUrl", PublicBaseUrl);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
