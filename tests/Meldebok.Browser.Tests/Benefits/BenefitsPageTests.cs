using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Benefits;
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
    private async Task<TestUser> ArrangePrincipalWithPlanAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await app.WithDbAsync(async db =>
        {
            var m = await db.Pupils.Where(p => p.Id == world.PupilId).Select(p => p.MunicipalityId).SingleAsync();
            DemoBenefitPlan.Add(db, m, MeldebokApp.DefaultNow);
            await db.SaveChangesAsync();
            return m;
        });
        return world.Principal;
    }

    [Theory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_map_and_the_curves_show_with_text_alternatives_fit_the_screen_and_pass_axe(Screen screen)
    {
        var principal = await ArrangePrincipalWithPlanAsync();

        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", screen, principal);
        var page = browser.Page;

        var map = page.GetByRole(AriaRole.Region, new() { Name = "Gevinstkart" });
        await Expect(map.Locator("svg[role=img] title")).ToHaveTextAsync("Gevinstkart: Digitalisering i oppvekst");
        await Expect(map.Locator("svg g[id^=measure-]")).ToHaveCountAsync(6);
        await Expect(map.Locator("svg g[id^=benefit-]")).ToHaveCountAsync(5);

        var curve = page.Locator("details.benefit-chart").Filter(new() { HasText = "Mindre tid for ansatte" });
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
    public async Task The_report_downloads_as_CSV_and_XLSX_through_the_web_session()
    {
        var principal = await ArrangePrincipalWithPlanAsync();

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
