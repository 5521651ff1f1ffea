using System.Net;
using Meldebok.IdentityStandIn;
using Meldebok.Server.Features.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Identity;

/// <summary>
/// Meldebok configured with <c>Auth:IdPorten</c> and <c>Auth:Feide</c> pointing at stand-ins on Kestrel (free loopback
/// ports, sharing the app's fake clock). The app's back channel (discovery, JWKS, token, userinfo) is real HTTP.
/// </summary>
public sealed class ExternalSignInApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    private const string ClientId = "meldebok-test";
    private const string ClientSecret = "test-hemmelighet";

    internal StandInIdentityProvider IdPorten { get; private set; } = null!;
    internal StandInIdentityProvider Feide { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        IdPorten = await StartStandInAsync(IdentityProviderKind.IdPorten, "idporten");
        Feide = await StartStandInAsync(IdentityProviderKind.Feide, "feide");
    }

    private Task<StandInIdentityProvider> StartStandInAsync(IdentityProviderKind kind, string name) =>
        StandInIdentityProvider.StartAsync(new StandInOptions
        {
            Kind = kind,
            TimeProvider = Time,
            // The test server's address: the redirect URI OpenIddict derives from the callback request.
            Clients = [new StandInClient(ClientId, ClientSecret, [$"http://localhost/konto/ekstern/{name}/callback"])],
        }, Ct);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseExternalProviders(IdPorten.Issuer, Feide.Issuer, ClientId, ClientSecret);
    }

    /// <summary>A browser against the app: cookies are carried by hand (OpenIddict's correlation cookie is Secure).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>
    /// Opens <c>/konto/ekstern/{provider}</c>, follows the redirect to the stand-in, presses <paramref name="identifier"/>
    /// on its login page and brings the answer back to the app's callback. Returns the callback's answer.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(string provider, string identifier, string returnUrl = "/")
    {
        using var app = Browser();
        using var standIn = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var toProvider = await app.GetAsync($"/konto/ekstern/{provider}?returnUrl={Uri.EscapeDataString(returnUrl)}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, toProvider.StatusCode);
        var authorize = toProvider.Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await standIn.GetAsync(authorize, Ct)).StatusCode);

        // The login page's form carries the authorization request as hidden fields; the person presses their button.
        var form = QueryHelpers.ParseQuery(authorize.Query)
            .Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()))
            .Append(KeyValuePair.Create("selected_user", identifier));
        var toApp = await standIn.PostAsync(authorize.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Redirect, toApp.StatusCode);

        using var callback = new HttpRequestMessage(HttpMethod.Get, toApp.Headers.Location);
        callback.Headers.Add("Cookie", CookieHeader(toProvider));
        callback.Headers.Accept.ParseAdd("text/html");
        return await app.SendAsync(callback, Ct);
    }

    /// <summary>The cookies a response set, as a request's Cookie header.</summary>
    public static string CookieHeader(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(c => c.Split(';')[0]) : []);

    internal Task<List<MeldebokUser>> AccountsAsync() => WithDbAsync(db => db.Users.AsNoTracking().ToListAsync());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await IdPorten.DisposeAsync();
        await Feide.DisposeAsync();
    }
}
