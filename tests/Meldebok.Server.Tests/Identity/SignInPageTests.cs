using System.Net;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meldebok.Server.Tests.Identity;

/// <summary>The sign-in page offers only the external providers the host is configured for.</summary>
public sealed class SignInPageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_configured_providers_the_page_offers_only_the_password_form()
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync(WebPaths.SignIn);

        Assert.Equal(200, status);
        Assert.DoesNotContain("Logg inn med ID-porten", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Logg inn med Feide", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/konto/ekstern/", html, StringComparison.Ordinal);
        Assert.Contains("Logg inn med brukernavn og passord", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.BrowserLikeClient().GetAsync("/konto/ekstern/idporten", Ct)).StatusCode);
    }

    [Fact]
    public async Task With_only_IdPorten_configured_the_page_offers_IdPorten_and_not_Feide()
    {
        // The issuer is only contacted when someone presses the button, so an address nobody answers on will do.
        using var host = app.WithWebHostBuilder(builder => builder
            .UseSetting("Auth:IdPorten:Issuer", "http://127.0.0.1:9/")
            .UseSetting("Auth:IdPorten:ClientId", "meldebok-test")
            .UseSetting("Auth:IdPorten:ClientSecret", "test-hemmelighet"));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var (status, html) = await client.GetPageAsync(WebPaths.SignIn + "?returnUrl=%2Ffravaer");

        Assert.Equal(200, status);
        Assert.Contains("Logg inn med ID-porten", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/konto/ekstern/idporten?returnUrl=%2Ffravaer\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Logg inn med Feide", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/konto/ekstern/feide", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/konto/ekstern/feide", Ct)).StatusCode);
    }
}
