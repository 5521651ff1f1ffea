using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Notifications;

/// <summary>The server with Web Push configured (a VAPID key pair made for the run).</summary>
public sealed class PushBrowserApp(PostgresServer postgres) : BrowserApp(postgres)
{
    public string VapidPublicKey { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        VapidPublicKey = System.Buffers.Text.Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]);
        builder.UseSetting("Notifications:WebPush:PublicKey", VapidPublicKey);
        builder.UseSetting("Notifications:WebPush:PrivateKey", System.Buffers.Text.Base64Url.EncodeToString(parameters.D));
        builder.UseSetting("Notifications:WebPush:Subject", "mailto:drift@nettvik.kommune.no");
    }
}

/// <summary>
/// The "Varsler på denne enheten" switch in a real browser, as far as headless Chromium here can go: the page renders the
/// switch with the public key and passes axe, the script registers the service worker and enables the switch. Subscribing
/// itself needs the browser's push service (a Google server), which this network-less machine cannot reach; the server
/// side of subscribing and pushing is tested over HTTP against a stand-in push service (PushNotificationTests).
/// </summary>
public sealed class PushBrowserTests(PushBrowserApp app, Chromium chromium) : IClassFixture<PushBrowserApp>
{
    [Fact]
    public async Task The_settings_page_shows_the_device_switch_registers_the_service_worker_and_passes_axe()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var browser = await chromium.OpenAsync(app, "/varsler", Screen.Phone, world.Guardian);
        var page = browser.Page;

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Varsler på denne enheten" })).ToBeVisibleAsync();
        await Expect(page.Locator("#push-device")).ToHaveAttributeAsync("data-public-key", app.VapidPublicKey);
        await Expect(page.Locator("#push-device")).ToHaveAttributeAsync("data-registered", "true");
        var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "Varsler på denne enheten" });
        await Expect(toggle).ToBeEnabledAsync();
        await Expect(toggle).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#push-status")).ToHaveTextAsync("Varsler er slått av for denne enheten.");
        var worker = await page.EvaluateAsync<string>(
            "navigator.serviceWorker.getRegistration('/').then(r => r && (r.active || r.waiting || r.installing) ? (r.active || r.waiting || r.installing).scriptURL : '')");
        Assert.EndsWith("/push-sw.js", worker, StringComparison.Ordinal);
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
