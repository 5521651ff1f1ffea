using Meldebok.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// The app with e-mail, SMS and Web Push on, through a <see cref="TestSmtpServer"/>, a <see cref="TestSmsGateway"/> and a
/// <see cref="TestPushService"/> of its own (with a VAPID key pair made for the run).
/// </summary>
public class NotificationApp : MeldebokApp
{
    public NotificationApp(PostgresServer postgres) : base(postgres)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        VapidPublicKey = System.Buffers.Text.Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]);
        VapidPrivateKey = System.Buffers.Text.Base64Url.EncodeToString(parameters.D);
        Push = new TestPushService(VapidPublicKey, () => Time.GetUtcNow());
    }

    public const string VapidSubject = "mailto:drift@testvik.kommune.no";

    public string VapidPublicKey { get; }

    public string VapidPrivateKey { get; }

    public TestPushService Push { get; }

    public const string From = "ikke-svar@testvik.kommune.no";
    public const string PublicBaseUrl = "https://meldebok.testvik.kommune.no";

    public const string SmsSender = "Testvik";

    public TestSmtpServer Smtp { get; } = new();

    public TestSmsGateway Sms { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Smtp.StartAsync();
        await Sms.StartAsync();
        await Push.StartAsync();
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
        builder.UseSetting("Notifications:WebPush:PublicKey", VapidPublicKey);
        builder.UseSetting("Notifications:WebPush:PrivateKey", VapidPrivateKey);
        builder.UseSetting("Notifications:WebPush:Subject", VapidSubject);
        builder.UseSetting("Web:PublicBaseUrl", PublicBaseUrl);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
        await Push.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
