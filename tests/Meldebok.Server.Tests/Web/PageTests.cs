using System.Net;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Tests.Web;

/// <summary>The pages' content and the parts of the page chrome that depend on who is signed in.</summary>
public sealed class PageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task Anonymous_visitor_gets_a_sign_in_link_and_no_sign_out_button()
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync("/");

        Assert.Equal(200, status);
        Assert.Contains("href=\"/konto/logg-inn\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/konto/logg-ut\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_person_sees_their_name_and_a_sign_out_form_with_an_antiforgery_token()
    {
        var guardian = TestUser.Guardian(Guid.NewGuid(), Guid.NewGuid()) with { Name = "Åse Ødegård" };

        var (_, html) = await app.BrowserLikeClient(guardian).GetPageAsync("/");

        Assert.Contains("Logget inn som Åse Ødegård", html, StringComparison.Ordinal);
        var signOut = html[html.IndexOf("action=\"/konto/logg-ut\"", StringComparison.Ordinal)..];
        Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", signOut[..signOut.IndexOf("</form>", StringComparison.Ordinal)], StringComparison.Ordinal);
        // Neither the header nor the home page offers to sign in again.
        Assert.DoesNotContain("href=\"/konto/logg-inn\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_menu_shows_the_api_documentation_to_administrators_only()
    {
        var municipality = Guid.NewGuid();

        var (_, admin) = await app.BrowserLikeClient(TestUser.MunicipalityAdmin(municipality)).GetPageAsync("/");
        var (_, operatorPage) = await app.BrowserLikeClient(TestUser.PlatformOperator()).GetPageAsync("/");
        var (_, staff) = await app.BrowserLikeClient(TestUser.Staff(municipality, Guid.NewGuid())).GetPageAsync("/");
        var (_, anonymous) = await app.BrowserLikeClient().GetPageAsync("/");

        Assert.Contains("href=\"/api/docs\"", WebPageClient.MainMenu(admin), StringComparison.Ordinal);
        Assert.Contains("href=\"/api/docs\"", WebPageClient.MainMenu(operatorPage), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/api/docs\"", WebPageClient.MainMenu(staff), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/api/docs\"", WebPageClient.MainMenu(anonymous), StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\" aria-current=\"page\">Hjem</a>", WebPageClient.MainMenu(anonymous), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stylesheet_is_served_from_the_address_the_page_links()
    {
        var client = app.BrowserLikeClient();
        var (_, html) = await client.GetPageAsync("/konto/ikke-registrert");
        var href = System.Text.RegularExpressions.Regex.Match(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;

        Assert.StartsWith("/", href, StringComparison.Ordinal);
        var response = await client.GetAsync(href, TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("idporten", "Foresatte logger inn med ID-porten", "Ansatte logger inn med Feide")]
    [InlineData("feide", "Ansatte logger inn med Feide", "Foresatte logger inn med ID-porten")]
    public async Task Not_registered_page_gives_the_advice_for_the_way_the_person_signed_in(string via, string shown, string hidden)
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync($"/konto/ikke-registrert?via={via}");

        Assert.Equal(200, status);
        Assert.Contains("<h1>Du er logget inn, men vi fant deg ikke i Meldebok</h1>", html, StringComparison.Ordinal);
        Assert.Contains(shown, html, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_registered_page_without_a_known_provider_gives_both_kinds_of_advice()
    {
        var (_, html) = await app.BrowserLikeClient().GetPageAsync("/konto/ikke-registrert?via=noe-annet");

        Assert.Contains("Foresatte logger inn med ID-porten", html, StringComparison.Ordinal);
        Assert.Contains("Ansatte logger inn med Feide", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accessibility_statement_names_the_standard_and_the_configured_contact_address()
    {
        using var configured = app.WithWebHostBuilder(builder => builder.UseSetting("Web:AccessibilityContactEmail", "uu@testvik.kommune.no"));
        var client = configured.CreateClient();

        var html = await client.GetStringAsync("/tilgjengelighet", TestContext.Current.CancellationToken);

        Assert.Contains("<h1>Tilgjengelighetserklæring</h1>", html, StringComparison.Ordinal);
        Assert.Contains("WCAG 2.1", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:uu@testvik.kommune.no\">uu@testvik.kommune.no</a>", html, StringComparison.Ordinal);
        Assert.Contains("Erklæringen ble sist oppdatert 27.11.2026.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contact_address_that_is_not_an_email_address_stops_the_host()
    {
        using var misconfigured = app.WithWebHostBuilder(builder => builder.UseSetting("Web:AccessibilityContactEmail", "ikke en adresse"));

        var exception = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(exception.GetBaseException());
        Assert.Contains("AccessibilityContactEmail", validation.Message, StringComparison.Ordinal);
    }
}
