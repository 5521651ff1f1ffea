using System.Net;

namespace Meldebok.Server.Tests.Web;

/// <summary>The language switch: a form post that sets the culture cookie and returns to a page of this site.</summary>
public sealed class LanguageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task Norwegian_is_the_default_even_for_a_browser_that_prefers_english()
    {
        var client = app.BrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");

        var (_, html) = await client.GetPageAsync("/");

        Assert.Contains("<html lang=\"nb\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Velkommen til Meldebok</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_english_returns_to_the_page_in_english_with_norwegian_dates()
    {
        var client = app.BrowserLikeClient();
        var (_, page) = await client.GetPageAsync("/tilgjengelighet");

        var response = await client.PostAsync("/sprak", Form(page, "en", "/tilgjengelighet"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/tilgjengelighet", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var (_, english) = await client.GetPageAsync("/tilgjengelighet");
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Accessibility statement</h1>", english, StringComparison.Ordinal);
        Assert.Contains("last updated on 27.11.2026.", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_bokmal_after_english_switches_back()
    {
        var client = app.BrowserLikeClient();
        var (_, page) = await client.GetPageAsync("/");
        await client.PostAsync("/sprak", Form(page, "en", "/"), TestContext.Current.CancellationToken);
        var (_, english) = await client.GetPageAsync("/");

        await client.PostAsync("/sprak", Form(english, "nb", "/"), TestContext.Current.CancellationToken);

        var (_, norwegian) = await client.GetPageAsync("/");
        Assert.Contains("<html lang=\"nb\">", norwegian, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\">English</button>", norwegian, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task Language_choice_never_redirects_away_from_the_site(string returnUrl)
    {
        var client = app.BrowserLikeClient();
        var (_, page) = await client.GetPageAsync("/");

        var response = await client.PostAsync("/sprak", Form(page, "en", returnUrl), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Language_choice_without_the_antiforgery_token_is_rejected()
    {
        var client = app.BrowserLikeClient();

        var response = await client.PostAsync("/sprak", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["language"] = "en",
            ["returnUrl"] = "/",
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Unknown_language_is_rejected_and_changes_nothing()
    {
        var client = app.BrowserLikeClient();
        var (_, page) = await client.GetPageAsync("/");

        var response = await client.PostAsync("/sprak", Form(page, "sv", "/"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, after) = await client.GetPageAsync("/");
        Assert.Contains("<html lang=\"nb\">", after, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string page, string language, string returnUrl) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = WebPageClient.AntiforgeryToken(page),
        ["language"] = language,
        ["returnUrl"] = returnUrl,
    });
}
