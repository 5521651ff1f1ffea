using System.Globalization;
using System.Text;
using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Messages;

/// <summary>
/// A scheduled notice edited in the browser from its status page: text, target and attachments through the same service as the
/// API's PUT, errors beside their fields, the status page showing the change and whom it now reaches, and the page closed with
/// the service's rule once the notice has gone out.
/// </summary>
public sealed class BulkEditBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>What a <c>datetime-local</c> field holds for an instant: Oslo time to the minute.</summary>
    private static string LocalField(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Oslo).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static FilePayload Pdf(string name) => new()
    {
        Name = name, MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Title ({name}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
    };

    /// <summary>One run of the fan-out sweeper, as Hangfire would start it.</summary>
    private async Task FanOutAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BulkFanOutJob>().RunAsync(TestContext.Current.CancellationToken);
    }

    private static PageGetByLabelOptions Exact => new() { Exact = true };

    [Fact]
    public async Task The_office_edits_the_text_target_and_attachments_of_a_scheduled_notice_and_the_status_page_shows_the_change_and_the_new_count()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await app.AddClassmateWithoutSfoAsync(world);
        await using var officeBrowser = await chromium.OpenAsync(app, "/ansatt/meldinger/ny", Screen.Desktop, world.Office);
        var desk = officeBrowser.Page;

        // Scheduled to the SFO unit (Emma's guardian) with a programme attached.
        var sendAt = LocalField(app.Time.GetUtcNow().AddDays(2));
        await desk.GetByLabel("Alle elevene i Nettvik SFO").CheckAsync();
        await desk.GetByLabel("Emne").FillAsync("Juleavslutning");
        await desk.GetByLabel("Melding", Exact).FillAsync("SFO har juleavslutning torsdag.");
        await desk.GetByLabel("Vedlegg (valgfritt)").SetInputFilesAsync(Pdf("program.pdf"));
        await desk.GetByLabel("Send senere (valgfritt)").FillAsync(sendAt);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(desk.Locator("h1")).ToHaveTextAsync("Juleavslutning");
        await Expect(desk.Locator("#send-state")).ToContainTextAsync("Planlagt sendt");
        await Expect(desk.Locator("#recipient-preview")).ToHaveTextAsync("Beskjeden går til 1 foresatte for 1 elever.");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "program.pdf" })).ToBeVisibleAsync();
        var statusUrl = desk.Url;

        // The edit page starts from the notice as it is.
        await desk.GetByRole(AriaRole.Link, new() { Name = "Endre beskjeden" }).ClickAsync();
        await Expect(desk.Locator("h1")).ToHaveTextAsync("Endre beskjeden");
        var editUrl = desk.Url;
        await Expect(desk.GetByLabel("Alle elevene i Nettvik SFO")).ToBeCheckedAsync();
        await Expect(desk.GetByLabel("Emne")).ToHaveValueAsync("Juleavslutning");
        await Expect(desk.GetByLabel("Melding", Exact)).ToHaveValueAsync("SFO har juleavslutning torsdag.");
        await Expect(desk.GetByLabel("Sendes", Exact)).ToHaveValueAsync(sendAt);
        await Expect(desk.GetByLabel("Behold program.pdf")).ToBeCheckedAsync();
        await desk.AssertNoSeriousAccessibilityViolationsAsync();

        // An empty text and a time in the past are refused beside their fields, by the contract's and the service's rules.
        await desk.GetByLabel("Melding", Exact).FillAsync("");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();
        await Expect(desk.Locator("#body-error")).ToHaveTextAsync(MessageTexts.BodyRequired);
        await Expect(desk.GetByLabel("Melding", Exact)).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Endringene ble ikke lagret");
        await desk.AssertNoSeriousAccessibilityViolationsAsync();
        await desk.GetByLabel("Melding", Exact).FillAsync("Hele skolen har juleavslutning torsdag.");
        await desk.GetByLabel("Sendes", Exact).FillAsync(LocalField(app.Time.GetUtcNow().AddHours(-1)));
        await desk.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();
        await Expect(desk.Locator("#send-at-error")).ToHaveTextAsync(MessageTexts.SendAtInPast);
        await Expect(desk.GetByLabel("Melding", Exact)).ToHaveValueAsync("Hele skolen har juleavslutning torsdag.");

        // The whole school instead, the programme swapped for the menu; the preview counts the new target before saving.
        await desk.GetByLabel("Sendes", Exact).FillAsync(sendAt);
        await desk.GetByLabel("Alle elevene på Nettvik skole").CheckAsync();
        await desk.GetByLabel("Behold program.pdf").UncheckAsync();
        await desk.GetByLabel("Vedlegg (valgfritt)").SetInputFilesAsync(Pdf("meny.pdf"));
        await desk.GetByRole(AriaRole.Button, new() { Name = "Vis mottakere" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Beskjeden går til 2 foresatte for 2 elever.");
        await Expect(desk.GetByLabel("Alle elevene på Nettvik skole")).ToBeCheckedAsync();
        await Expect(desk.GetByLabel("Behold program.pdf")).Not.ToBeCheckedAsync();
        await Expect(desk.Locator("form").Filter(new() { HasText = "meny.pdf" })).ToHaveCountAsync(1);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();

        await Expect(desk.GetByText("Endringene er lagret.")).ToBeVisibleAsync();
        Assert.Equal(new Uri(statusUrl).AbsolutePath, new Uri(desk.Url).AbsolutePath);
        await Expect(desk.Locator(".message-body")).ToHaveTextAsync("Hele skolen har juleavslutning torsdag.");
        await Expect(desk.Locator("#recipient-preview")).ToHaveTextAsync("Beskjeden går til 2 foresatte for 2 elever.");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "meny.pdf" })).ToBeVisibleAsync();
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "program.pdf" })).ToHaveCountAsync(0);
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Angre" })).ToBeVisibleAsync();
        await desk.AssertNoSeriousAccessibilityViolationsAsync();

        // At its time the fan-out sends it to the new target; the edit page then says it can no longer be changed.
        app.Time.Advance(TimeSpan.FromDays(2).Add(TimeSpan.FromMinutes(1)));
        await FanOutAsync();

        await desk.GotoNamingWhatIsOpenAsync(statusUrl);
        await Expect(desk.Locator("#read-summary")).ToHaveTextAsync("Lest av 0 av 2 (0 %).");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "Endre beskjeden" })).ToHaveCountAsync(0);
        await desk.GotoNamingWhatIsOpenAsync(editUrl);
        await Expect(desk.Locator("#edit-closed")).ToHaveTextAsync(MessageTexts.AlreadyGoingOut);
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" })).ToHaveCountAsync(0);
        await desk.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task A_notice_that_went_out_while_the_form_was_open_closes_the_form_with_the_rule_and_the_office_cannot_open_the_teachers_notice()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var teacherBrowser = await chromium.OpenAsync(app, "/ansatt/meldinger/ny", Screen.Phone, world.ContactTeacher);
        var phone = teacherBrowser.Page;
        await phone.GetByLabel("5A").CheckAsync();
        await phone.GetByLabel("Emne").FillAsync("Skolefoto");
        await phone.GetByLabel("Melding", Exact).FillAsync("Fotografen kommer mandag.");
        await phone.GetByLabel("Send senere (valgfritt)").FillAsync(LocalField(app.Time.GetUtcNow().AddHours(2)));
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "Endre beskjeden" }).ClickAsync();
        var editUrl = phone.Url;
        await phone.AssertNoSeriousAccessibilityViolationsAsync();
        await phone.AssertFitsTheScreenAsync();

        // It goes out while the form is open: saving (with a new time) answers the service's 409, shown instead of the form.
        app.Time.Advance(TimeSpan.FromHours(2).Add(TimeSpan.FromMinutes(1)));
        await FanOutAsync();

        await phone.GetByLabel("Emne").FillAsync("Skolefoto flyttet");
        await phone.GetByLabel("Sendes", Exact).FillAsync(LocalField(app.Time.GetUtcNow().AddDays(1)));
        await phone.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();
        await Expect(phone.Locator("#edit-closed")).ToHaveTextAsync(MessageTexts.AlreadyGoingOut);
        await Expect(phone.GetByLabel("Emne")).ToHaveCountAsync(0);

        // Another sender's notice does not exist for the office: 404, no form.
        await using var officeBrowser = await chromium.OpenAsync(app, editUrl, Screen.Desktop, world.Office);
        Assert.Equal(404, officeBrowser.Response.Status);
        await Expect(officeBrowser.Page.GetByLabel("Emne")).ToHaveCountAsync(0);
    }
}
