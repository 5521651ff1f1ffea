using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Demo;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Identity;

/// <summary>
/// The demo people sign in in a real browser with their user name and the demo password, land on the home page with
/// their name and the menu their roster roles give them (each staff role its own), and sign out; and the sign-in pages pass axe-core at phone and desktop size.
/// </summary>
public sealed class SignInBrowserTests(DemoSignInApp app, Chromium chromium) : IClassFixture<DemoSignInApp>
{
    /// <summary>Each person, and the main menu their role gets.</summary>
    public static TheoryData<string, string[]> People() => new()
    {
        { DemoSignIns.SplitHouseholdGuardian, ["Hjem", "Fravær", "Permisjon", "Meldinger", "Samtykker", "Henting", "SFO i dag", "Klasseliste", "Varslinger"] },
        { DemoSignIns.ContactTeacher, ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "Overlevering", "Fraværsoversikt", "Klasselister", "Varslinger"] },
        { DemoSignIns.SfoStaff, ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Klasselister", "SFO-klasseliste", "Varslinger"] },
        {
            DemoSignIns.Office,
            ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Overlevering", "Fraværsoversikt", "Permisjonssøknader", "Klasselister", "SFO-klasseliste", "Varslinger"]
        },
        {
            DemoSignIns.Principal,
            ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Overlevering", "Fraværsoversikt", "Permisjonssøknader", "Bruksstatistikk",
                "Gevinster", "Klasselister", "SFO-klasseliste", "Varslinger"]
        },
        { DemoSignIns.MunicipalityAdmin, ["Hjem", "Bruksstatistikk", "Gevinster", "API-dokumentasjon"] },
        { DemoSignIns.PortfolioBoard, ["Hjem", "Bruksstatistikk", "Gevinster"] },
    };

    [Theory]
    [MemberData(nameof(People))]
    public async Task Demo_person_signs_in_with_user_name_and_demo_password_and_signs_out(string key, string[] menu)
    {
        var person = app.Demo(key);
        await using var browser = await chromium.OpenAsync(app, "/konto/logg-inn", Screen.Phone);
        var page = browser.Page;

        await page.GetByLabel("Brukernavn eller e-post", new() { Exact = true }).FillAsync(person.Username);
        await page.GetByLabel("Passord", new() { Exact = true }).FillAsync(DemoSignIns.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();

        await AssertSignedInAtHomeAsync(page, person.Name, menu);
        await SignOutAsync(page);
    }

    [Fact]
    public async Task Portfolio_board_member_signs_in_and_sees_the_dashboard_and_the_usage_of_the_whole_municipality_without_edit_controls()
    {
        var person = app.Demo(DemoSignIns.PortfolioBoard);
        await using var browser = await chromium.OpenAsync(app, "/konto/logg-inn", Screen.Desktop);
        var page = browser.Page;
        await page.GetByLabel("Brukernavn eller e-post", new() { Exact = true }).FillAsync(person.Username);
        await page.GetByLabel("Passord", new() { Exact = true }).FillAsync(DemoSignIns.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await AssertSignedInAtHomeAsync(page, person.Name, ["Hjem", "Bruksstatistikk", "Gevinster"]);

        // The dashboard: the demo plan's benefits with their status in words, the report downloads — and nothing to edit.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Gevinster" }).ClickAsync();
        await Expect(page.GetByText("Digitalisering i oppvekst").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Færre henvendelser om fravær via telefon, e-post, SMS og lapper", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".rag").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ny portefølje" })).ToHaveCountAsync(0);
        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href$='.csv']").First.ClickAsync());
        Assert.EndsWith(".csv", csv.SuggestedFilename, StringComparison.Ordinal);

        // A benefit's page shows its curve and history, without the forms of the administrators and owners.
        await page.GetByRole(AriaRole.Link, new() { Name = "Færre henvendelser om fravær via telefon, e-post, SMS og lapper", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Revisjoner, nyeste først" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrer målingen" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Endre gevinsten" })).ToHaveCountAsync(0);

        // Usage statistics for the whole municipality, with every school to choose from.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Bruksstatistikk" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bruksstatistikk");
        await Expect(page.GetByLabel("Skole").Locator("option")).ToHaveCountAsync(4);
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    /// <summary>Each person, the provider they use and the main menu their role gets.</summary>
    public static TheoryData<string, string, string[]> ExternalPeople() => new()
    {
        { DemoSignIns.SplitHouseholdGuardian, "ID-porten", ["Hjem", "Fravær", "Permisjon", "Meldinger", "Samtykker", "Henting", "SFO i dag", "Klasseliste", "Varslinger"] },
        { DemoSignIns.ContactTeacher, "Feide", ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "Overlevering", "Fraværsoversikt", "Klasselister", "Varslinger"] },
        { DemoSignIns.SfoStaff, "Feide", ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Klasselister", "SFO-klasseliste", "Varslinger"] },
        { DemoSignIns.MunicipalityAdmin, "Feide", ["Hjem", "Bruksstatistikk", "Gevinster", "API-dokumentasjon"] },
    };

    [Theory]
    [MemberData(nameof(ExternalPeople))]
    public async Task Demo_person_signs_in_through_the_stand_in_provider_in_the_browser(string key, string provider, string[] menu)
    {
        var person = app.Demo(key);
        var identifier = await ExternalIdentifierAsync(person, provider);
        await using var browser = await chromium.OpenAsync(app, "/konto/logg-inn", Screen.Phone);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = $"Logg inn med {provider}" }).ClickAsync();
        // The stand-in's own page, on its own port: the person types who they are, as at the real provider.
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Logg inn med {provider}");
        await page.GetByRole(AriaRole.Textbox, new() { Name = provider == "ID-porten" ? "Fødselsnummer (11 siffer)" : "Feide-brukernavn" })
            .FillAsync(identifier);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();

        await AssertSignedInAtHomeAsync(page, person.Name, menu);
        await SignOutAsync(page);
    }

    [Fact]
    public async Task Wrong_demo_password_keeps_the_person_on_the_sign_in_page()
    {
        await using var browser = await chromium.OpenAsync(app, "/konto/logg-inn");
        var page = browser.Page;

        await page.GetByLabel("Brukernavn eller e-post", new() { Exact = true }).FillAsync(app.Demo(DemoSignIns.ContactTeacher).Username);
        await page.GetByLabel("Passord", new() { Exact = true }).FillAsync(DemoSignIns.Password + "x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();

        await Expect(page.GetByText("Feil brukernavn eller passord.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Logget inn som")).ToHaveCountAsync(0);
    }

    public static TheoryData<Screen> Screens() => new(Enum.GetValues<Screen>());

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Sign_in_page_with_both_providers_has_no_serious_accessibility_violations(Screen screen)
    {
        await using var browser = await chromium.OpenAsync(app, "/konto/logg-inn", screen);
        var page = browser.Page;

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Logg inn med ID-porten" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Logg inn med Feide" })).ToBeVisibleAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
        await page.AssertFitsTheScreenAsync();
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Totp_step_with_a_wrong_code_has_no_serious_accessibility_violations(Screen screen)
    {
        var userName = $"totp-{screen}-{Guid.NewGuid():N}@kommune.example".ToLowerInvariant();
        await CreateTotpAccountAsync(userName);
        await using var browser = await chromium.OpenAsync(app, "/konto/logg-inn", screen);
        var page = browser.Page;

        await page.GetByLabel("Brukernavn eller e-post", new() { Exact = true }).FillAsync(userName);
        await page.GetByLabel("Passord", new() { Exact = true }).FillAsync(DemoSignIns.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Skriv inn engangskoden");
        await page.AssertNoSeriousAccessibilityViolationsAsync();
        await page.GetByLabel("Engangskode (6 sifre)").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Feil engangskode.")).ToBeVisibleAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
        await page.AssertFitsTheScreenAsync();
    }

    private static async Task AssertSignedInAtHomeAsync(IPage page, string name, string[] menu)
    {
        await Expect(page.GetByText($"Logget inn som {name}")).ToBeVisibleAsync();
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Velkommen til Meldebok");
        var links = page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveTextAsync(menu);
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Logg inn", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Logget inn som")).ToHaveCountAsync(0);
        // The session is gone, not just hidden: a page for signed-in people sends the browser to sign in.
        await page.GotoNamingWhatIsOpenAsync("/fravaer");
        Assert.Equal("/konto/logg-inn", new Uri(page.Url).AbsolutePath);
    }

    private async Task<string> ExternalIdentifierAsync(DemoSignIn person, string provider)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
        if (provider == "ID-porten")
        {
            return await db.Guardians.Where(g => g.Id == person.PersonId).Select(g => g.NationalIdentityNumber).SingleAsync();
        }

        var staff = await db.Staff.Where(s => s.Id == person.PersonId).Select(s => s.FeideId).SingleOrDefaultAsync();
        return staff ?? await db.MunicipalityAdministrators.Where(a => a.Id == person.PersonId).Select(a => a.FeideId).SingleAsync()
            ?? throw new InvalidOperationException($"{person.Name} has no Feide id in the demo municipality.");
    }

    private async Task CreateTotpAccountAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        var (created, errors) = await LocalAccounts.CreateAsync(users, app.Time, new NewAccount(userName, "Toril Totp"), DemoSignIns.Password);
        Assert.True(created, string.Join(" ", errors));
        var user = (await users.FindByNameAsync(userName))!;
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
    }
}
