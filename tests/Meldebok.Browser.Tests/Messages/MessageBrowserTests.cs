using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Messages;

/// <summary>
/// A notice to a class end to end in the browser: the contact teacher previews the recipients and sends, the guardian
/// opens it on a phone and replies privately, and the teacher sees the read rate and the reply as a conversation.
/// </summary>
public sealed class MessageBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Teacher_sends_a_notice_to_the_class_the_guardian_reads_and_replies_and_the_teacher_sees_both()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var teacherBrowser = await chromium.OpenAsync(app, "/ansatt/meldinger/ny", Screen.Desktop, world.ContactTeacher);
        var desk = teacherBrowser.Page;
        await desk.GetByLabel("5A").CheckAsync();
        await desk.GetByLabel("Emne").FillAsync("Tur til skogen fredag");
        await desk.GetByLabel("Melding", new() { Exact = true }).FillAsync("Husk gode sko og matpakke.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Vis mottakere" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Beskjeden går til 1 foresatte for 1 elever.");
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Per Hansen (Emma Hansen)");
        // The form keeps what was written across the preview.
        await Expect(desk.GetByLabel("Emne")).ToHaveValueAsync("Tur til skogen fredag");

        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(desk.Locator("h1")).ToHaveTextAsync("Tur til skogen fredag");
        // In the undo window: it can still be taken back; then the fan-out sends it.
        await Expect(desk.Locator("#send-state")).ToContainTextAsync("Du kan angre til da.");
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Angre" })).ToBeVisibleAsync();
        app.Time.Advance(TimeSpan.FromSeconds(10));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BulkFanOutJob>().RunAsync(TestContext.Current.CancellationToken);
        }

        await desk.ReloadAsync();
        await Expect(desk.Locator("#send-state")).ToContainTextAsync("Sendt");
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Angre" })).ToHaveCountAsync(0);
        await Expect(desk.Locator("#read-summary")).ToHaveTextAsync("Lest av 0 av 1 (0 %).");
        await Expect(desk.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Per Hansen" })).ToBeVisibleAsync();
        var statusUrl = desk.Url;

        await using var guardianBrowser = await chromium.OpenAsync(app, "/meldinger", Screen.Phone, world.Guardian);
        var phone = guardianBrowser.Page;
        var notice = phone.Locator(".absence-card", new() { HasText = "Tur til skogen fredag" });
        await Expect(notice).ToContainTextAsync("Fra Kari Larsen");
        await Expect(notice).ToContainTextAsync("Ny");
        await notice.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(phone.Locator("h1")).ToHaveTextAsync("Tur til skogen fredag");
        await Expect(phone.Locator(".message-body")).ToHaveTextAsync("Husk gode sko og matpakke.");
        await phone.GetByLabel("Ditt svar").FillAsync("Emma har ikke gode sko, kan hun låne?");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Meldingen er sendt.");
        await Expect(phone.Locator("body")).ToContainTextAsync("Emma har ikke gode sko, kan hun låne?");

        await desk.GotoNamingWhatIsOpenAsync(statusUrl);
        await Expect(desk.Locator("#read-summary")).ToHaveTextAsync("Lest av 1 av 1 (100 %).");
        await Expect(desk.GetByText("Alle har lest beskjeden.")).ToBeVisibleAsync();
        await desk.GotoNamingWhatIsOpenAsync("/meldinger");
        var conversation = desk.Locator(".absence-card", new() { HasText = "Emma Hansen" }).First;
        await Expect(conversation).ToContainTextAsync("1 ulest");
        await conversation.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(desk.Locator("body")).ToContainTextAsync("Emma har ikke gode sko, kan hun låne?");
    }

    [Fact]
    public async Task Sending_without_a_subject_shows_the_error_and_sends_nothing()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var teacherBrowser = await chromium.OpenAsync(app, "/ansatt/meldinger/ny", Screen.Phone, world.ContactTeacher);
        var page = teacherBrowser.Page;
        await page.GetByLabel("5A").CheckAsync();
        await page.GetByLabel("Melding", new() { Exact = true }).FillAsync("Uten emne.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Meldingen ble ikke sendt");
        Assert.Equal("/ansatt/meldinger/ny", new Uri(page.Url).AbsolutePath);
        await page.GotoNamingWhatIsOpenAsync("/meldinger");
        await Expect(page.GetByText("Du har ikke sendt noen beskjeder.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_office_previews_the_SFO_unit_and_the_whole_school_and_sends_to_the_school_while_a_teacher_is_offered_only_groups()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await app.AddClassmateWithoutSfoAsync(world);
        await using var officeBrowser = await chromium.OpenAsync(app, "/ansatt/meldinger/ny", Screen.Desktop, world.Office);
        var desk = officeBrowser.Page;

        await desk.GetByLabel("Alle elevene i Nettvik SFO").CheckAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Vis mottakere" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Beskjeden går til 1 foresatte for 1 elever.");
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Per Hansen (Emma Hansen)");
        await Expect(desk.GetByLabel("Alle elevene i Nettvik SFO")).ToBeCheckedAsync();

        await desk.GetByLabel("Alle elevene på Nettvik skole").CheckAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Vis mottakere" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Beskjeden går til 2 foresatte for 2 elever.");
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Lise Berg (Jonas Berg)");
        await desk.AssertNoSeriousAccessibilityViolationsAsync();

        await desk.GetByLabel("Emne").FillAsync("Skolen stenger klokken 12 fredag");
        await desk.GetByLabel("Melding", new() { Exact = true }).FillAsync("Planleggingsdag for de ansatte.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(desk.Locator("h1")).ToHaveTextAsync("Skolen stenger klokken 12 fredag");
        // In the undo window; then the fan-out sends it.
        app.Time.Advance(TimeSpan.FromSeconds(10));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BulkFanOutJob>().RunAsync(TestContext.Current.CancellationToken);
        }

        await desk.ReloadAsync();
        await Expect(desk.Locator("#read-summary")).ToHaveTextAsync("Lest av 0 av 2 (0 %).");

        await using var teacherBrowser = await chromium.OpenAsync(app, "/ansatt/meldinger/ny", Screen.Phone, world.ContactTeacher);
        await Expect(teacherBrowser.Page.GetByLabel("5A")).ToBeVisibleAsync();
        await Expect(teacherBrowser.Page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Teacher_takes_a_notice_back_with_angre_within_the_undo_window_and_the_guardian_never_sees_it()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var teacherBrowser = await chromium.OpenAsync(app, "/ansatt/meldinger/ny", Screen.Desktop, world.ContactTeacher);
        var desk = teacherBrowser.Page;
        await desk.GetByLabel("5A").CheckAsync();
        await desk.GetByLabel("Emne").FillAsync("Feil klasse");
        await desk.GetByLabel("Melding", new() { Exact = true }).FillAsync("Denne skulle til 6B.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await desk.GetByRole(AriaRole.Button, new() { Name = "Angre" }).ClickAsync();

        await Expect(desk.Locator("#send-state")).ToContainTextAsync("Angret. Ingen har fått beskjeden.");
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BulkFanOutJob>().RunAsync(TestContext.Current.CancellationToken);
        }

        await using var guardianBrowser = await chromium.OpenAsync(app, "/meldinger", Screen.Phone, world.Guardian);
        await Expect(guardianBrowser.Page.Locator("body")).Not.ToContainTextAsync("Feil klasse");
    }
}
