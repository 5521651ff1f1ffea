using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Browser.Tests.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Absence;

/// <summary>The signed-in absence pages (listed in <see cref="WebPages.SignedIn"/>) on a phone and a desktop: landmarks, fit and axe.</summary>
public sealed class AbsencePageTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    public static TheoryData<string, string, Screen> Pages => WebPages.SignedInAtEveryScreenSize();

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Signed_in_page_has_one_h1_fits_the_screen_and_no_serious_accessibility_violations(string path, string role, Screen screen)
    {
        var world = await app.ArrangeAbsenceWorldAsync(withNotice: true);
        var user = role switch
        {
            "guardian" => world.Guardian,
            "principal" => world.Principal,
            "office" => world.Office,
            _ => world.ContactTeacher,
        };

        if (path.Contains(WebPages.ClassId, StringComparison.Ordinal))
        {
            path = path.Replace(WebPages.ClassId, (await app.ClassOfAsync(world.PupilId)).ToString(), StringComparison.Ordinal);
        }

        await using var browser = await chromium.OpenAsync(app, path, screen, user);
        var page = browser.Page;

        Assert.Equal(200, browser.Response.Status);
        Assert.EndsWith(path, new Uri(page.Url).PathAndQuery, StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" })).ToBeVisibleAsync();
        await page.AssertFitsTheScreenAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_sign_in()
    {
        await using var browser = await chromium.OpenAsync(app, "/fravaer/meld");

        Assert.Equal("/konto/logg-inn", new Uri(browser.Page.Url).AbsolutePath);
    }
}
