using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Benefits;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Benefits;

/// <summary>
/// The benefits page with a real plan (the demo municipality's, with the project's quarterly counts): the benefit map drawn inline, each curve
/// fetched as an image when opened, and the report downloaded as CSV and XLSX through the web session (the API takes bearer tokens only).
/// </summary>
public sealed class BenefitsPageTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    private const string StaffTime = "Mindre tid for ansatte";

    private async Task<(TestUser Principal, Guid MunicipalityId)> ArrangePrincipalWithPlanAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var m = await app.WithDbAsync(async db =>
        {
            var m = await db.Pupils.Where(p => p.Id == world.PupilId).Select(p => p.MunicipalityId).SingleAsync();
            DemoBenefitPlan.Add(db, m, MeldebokApp.DefaultNow);
            await db.SaveChangesAsync();
            return m;
        });
        return (world.Principal, m);
    }

    [Theory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_map_and_the_curves_show_with_text_alternatives_fit_the_screen_and_pass_axe(Screen screen)
    {
        var (principal, _) = await ArrangePrincipalWithPlanAsync();

        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", screen, principal);
        var page = browser.Page;

        var map = page.GetByRole(AriaRole.Region, new() { Name = "Gevinstkart" });
        await Expect(map.Locator("svg[role=img] title")).ToHaveTextAsync("Gevinstkart: Digitalisering i oppvekst");
        await Expect(map.Locator("svg g[id^=measure-]")).ToHaveCountAsync(6);
        await Expect(map.Locator("svg g[id^=benefit-]")).ToHaveCountAsync(5);

        var curve = page.Locator("details.benefit-chart").Filter(new() { HasText = StaffTime });
        await curve.Locator("summary").ClickAsync();
        var image = curve.Locator("img");
        await Expect(image).ToHaveAttributeAsync("alt", new System.Text.RegularExpressions.Regex("3 målinger, den siste 74 timer/uke"));
        // The server drew it: the image loaded with the chart's own size.
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await image.ElementHandleAsync());
        Assert.Equal(800, await image.EvaluateAsync<int>("img => img.naturalWidth"));

        await page.AssertFitsTheScreenAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task An_opened_curve_stays_open_and_shows_a_new_measurement_when_the_page_refreshes_live()
    {
        var (principal, m) = await ArrangePrincipalWithPlanAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", Screen.Desktop, principal);
        var page = browser.Page;
        await Expect(page.Locator("html[data-live=connected]")).ToHaveCountAsync(1);

        var curve = page.Locator("details.benefit-chart").Filter(new() { HasText = StaffTime });
        await curve.Locator("summary").ClickAsync();
        await Expect(curve.Locator("img")).ToHaveAttributeAsync("alt", new System.Text.RegularExpressions.Regex("3 målinger, den siste 74 timer/uke"));

        // The administrator enters this week's count through the API: the principal's page refreshes its region live.
        var benefitId = await app.WithDbAsync(db => db.Benefits.Where(b => b.MunicipalityId == m && b.Description.StartsWith(StaffTime)).Select(b => b.Id).SingleAsync());
        using var admin = app.ClientFor(TestUser.MunicipalityAdmin(m) with { Name = "Anne Administrator" });
        var created = await admin.PostAsJsonAsync($"/api/v1/benefits/{benefitId}/measurements", new MeasurementRequest
        {
            Date = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime), Value = 70, Note = "Telling",
        }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        // The curve the reader had opened is still open, drawn again with the new count.
        var image = curve.Locator("img");
        await Expect(image).ToHaveAttributeAsync("alt", new System.Text.RegularExpressions.Regex("4 målinger, den siste 70 timer/uke"));
        await Expect(curve).ToHaveAttributeAsync("open", "");
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await image.ElementHandleAsync());
        Assert.Equal(800, await image.EvaluateAsync<int>("img => img.naturalWidth"));
    }

    [Fact]
    public async Task The_report_downloads_as_CSV_and_XLSX_through_the_web_session()
    {
        var (principal, _) = await ArrangePrincipalWithPlanAsync();

        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", Screen.Desktop, principal);
        var page = browser.Page;

        // Fetched with the page's own session (a download started by a click leaves the test sign-in's header behind).
        async Task<IAPIResponse> FollowAsync(string name)
        {
            var href = await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).GetAttributeAsync("href");
            var response = await page.APIRequest.GetAsync(href!);
            Assert.Equal(200, response.Status);
            return response;
        }

        var xlsx = await FollowAsync("Excel (XLSX)");
        var csv = await FollowAsync("CSV");

        Assert.Matches(@"filename=gevinster-\d{4}-\d{2}-\d{2}\.xlsx", xlsx.Headers["content-disposition"]);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.BodyAsync())[..2]);
        var text = await csv.TextAsync();
        Assert.StartsWith("Prosjekt;Mål;Gevinst;", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\"Mindre tid for ansatte til å ta imot og føre fravær\"", text, StringComparison.Ordinal);
    }
}
