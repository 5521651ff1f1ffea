using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;

namespace Meldebok.IdentityStandIn.Tests.Infrastructure;

/// <summary>
/// A web application signing people in with the OpenIddict 7 client against a stand-in, as Meldebok will: discovery,
/// challenge, redirection endpoint, code exchange, id_token validation and userinfo are all OpenIddict's own.
/// </summary>
public sealed class OpenIddictRelyingParty : IAsyncDisposable
{
    private const string CallbackPath = "/callback/login/standin";

    private readonly WebApplication _app;
    private readonly string _origin;
    private readonly HttpClient _browser;

    private OpenIddictRelyingParty(WebApplication app, string origin, StandInIdentityProvider provider, FakeTimeProvider time)
    {
        _app = app;
        _origin = origin;
        Provider = provider;
        Time = time;
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    public StandInIdentityProvider Provider { get; }

    public FakeTimeProvider Time { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the stand-in and the application.</summary>
    /// <param name="kind">The provider imitated.</param>
    /// <param name="scopes">The scopes the application asks for.</param>
    /// <param name="validateIdTokenLifetime">
    /// Whether the application switches on the id_token lifetime check: OpenIddict 7.8 leaves <c>exp</c> of an id_token
    /// from the token endpoint unchecked (its registration has ValidateLifetime = false), so Meldebok must switch it on.
    /// </param>
    public static async Task<OpenIddictRelyingParty> StartAsync(IdentityProviderKind kind, string[] scopes, bool validateIdTokenLifetime = true)
    {
        // OpenIddict validates its registration (issuer included) while the application starts, and the stand-in
        // must know the callback address first: so the application's port is chosen before either starts.
        var origin = $"http://127.0.0.1:{StandInHarness.FreeLoopbackPort()}";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = await StandInIdentityProvider.StartAsync(StandInHarness.Options(kind, time) with
        {
            Clients = [new StandInClient(StandInHarness.ClientId, StandInHarness.ClientSecret, [origin + CallbackPath])],
        }, Ct);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(origin);
        builder.Services.AddOpenIddict().AddClient(options =>
        {
            options.AllowAuthorizationCodeFlow();
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableTokenStorage();
            options.UseAspNetCore()
                .EnableRedirectionEndpointPassthrough()
                .EnableErrorPassthrough()
                .DisableTransportSecurityRequirement();
            options.UseSystemNetHttp();
            var registration = new OpenIddictClientRegistration
            {
                Issuer = new Uri(provider.Issuer, UriKind.Absolute),
                ProviderName = "standin",
                ClientId = StandInHarness.ClientId,
                ClientSecret = StandInHarness.ClientSecret,
                RedirectUri = new Uri(CallbackPath.TrimStart('/'), UriKind.Relative),
            };
            registration.Scopes.UnionWith(scopes);
            registration.TokenValidationParameters.ValidateLifetime = validateIdTokenLifetime;
            options.AddRegistration(registration);
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]));
        app.MapMethods(CallbackPath, [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) =>
        {
            var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal is not { Identity.IsAuthenticated: true } principal)
            {
                return Results.Json(new Dictionary<string, string?>
                {
                    ["error"] = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.Error),
                    ["error_description"] = result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription),
                }, statusCode: StatusCodes.Status401Unauthorized);
            }

            return Results.Json(principal.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value));
        });
        try
        {
            await app.StartAsync(Ct);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return new OpenIddictRelyingParty(app, origin, provider, time);
    }

    /// <summary>
    /// Does what a browser does: opens the application's login, follows it to the stand-in, presses the person's
    /// button and follows the answer back to the application's callback. Returns the callback's status and JSON.
    /// </summary>
    public async Task<(HttpStatusCode Status, Dictionary<string, string> Body)> SignInAsync(string identifier)
    {
        var toProvider = await _browser.GetAsync($"{_origin}/login", Ct);
        Assert.Equal(HttpStatusCode.Redirect, toProvider.StatusCode);
        Assert.StartsWith($"{Provider.Issuer}/authorize?", toProvider.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        var page = await StandInHarness.ReadHtmlAsync(await _browser.GetAsync(toProvider.Headers.Location, Ct), HttpStatusCode.OK);
        var fields = StandInHarness.HiddenFields(page).Append(KeyValuePair.Create("selected_user", identifier));
        var toClient = await _browser.PostAsync($"{Provider.Issuer}/authorize", new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(HttpStatusCode.Redirect, toClient.StatusCode);

        // OpenIddict's correlation cookie is Secure. Browsers send Secure cookies to http://127.0.0.1 (a potentially
        // trustworthy origin); CookieContainer does not, so the cookie is carried by hand.
        using var callbackRequest = new HttpRequestMessage(HttpMethod.Get, toClient.Headers.Location);
        callbackRequest.Headers.Add("Cookie", string.Join("; ", toProvider.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var callback = await _browser.SendAsync(callbackRequest, Ct);
        var body = await callback.Content.ReadAsStringAsync(Ct);
        return (callback.StatusCode, JsonSerializer.Deserialize<Dictionary<string, string>>(body)!);
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.StopAsync(Ct);
        await _app.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
