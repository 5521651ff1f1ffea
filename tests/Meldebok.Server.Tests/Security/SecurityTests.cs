using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Tests.Security;

/// <summary>Rate limits, security headers, CORS and cookie flags.</summary>
public sealed partial class SecurityTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_endpoint_answers_429_with_retry_after_once_the_sign_in_limit_is_spent()
    {
        // An hour's window: on a loaded machine the three requests may take longer than a minute, and a new window
        // would let the third through.
        using var host = app.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimits:SignInPermitLimit", "2")
            .UseSetting("RateLimits:SignInWindowSeconds", "3600"));
        var client = host.CreateClient();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var allowed = await client.PostAsync("/connect/token", TokenRequest(), Ct);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        var refused = await client.PostAsync("/connect/token", TokenRequest(), Ct);
        // The body comes from the app's error writer (outside /api it answers as a page).
        await refused.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.TryParse(refused.Headers.GetValues("Retry-After").Single(), out var seconds) && seconds is > 0 and <= 3600);
        // Other paths are not limited by the sign-in policy.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task Password_sign_in_posts_count_against_the_sign_in_limit()
    {
        using var host = app.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimits:SignInPermitLimit", "1")
            .UseSetting("RateLimits:SignInWindowSeconds", "3600"));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await client.PostAsync("/konto/logg-inn", new FormUrlEncodedContent([]), Ct);
        var refused = await client.PostAsync("/konto/logg-inn", new FormUrlEncodedContent([]), Ct);

        await refused.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/konto/logg-inn", Ct)).StatusCode);
    }

    [Fact]
    public async Task Clients_behind_a_configured_proxy_get_their_own_sign_in_limits()
    {
        using var host = ProxiedHost(("RateLimits:SignInPermitLimit", "1"), ("Security:KnownProxies:0", "10.0.0.5"), ("Security:KnownNetworks:0", "10.1.0.0/16"));
        var client = host.CreateClient();

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await TokenViaAsync(client, "10.0.0.5", "203.0.113.10")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await TokenViaAsync(client, "10.0.0.5", "203.0.113.11")).StatusCode);
        // A proxy in a configured network counts too, and the limit follows the client, not the proxy it came through.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await TokenViaAsync(client, "10.1.7.7", "203.0.113.12")).StatusCode);
        await (await TokenViaAsync(client, "10.1.7.7", "203.0.113.10")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        await (await TokenViaAsync(client, "10.0.0.5", "203.0.113.11")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unconfigured_proxy_are_ignored()
    {
        using var host = ProxiedHost(("RateLimits:SignInPermitLimit", "1"), ("Security:KnownProxies:0", "10.0.0.5"));
        var client = host.CreateClient();

        // 10.0.0.9 is not a configured proxy: both requests are its own, whatever client it names.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await TokenViaAsync(client, "10.0.0.9", "203.0.113.20")).StatusCode);
        await (await TokenViaAsync(client, "10.0.0.9", "203.0.113.21")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        // The scheme is believed only from a configured proxy too.
        Assert.Equal("https://localhost/", await IssuerViaAsync(client, "10.0.0.5"));
        Assert.Equal("http://localhost/", await IssuerViaAsync(client, "10.0.0.9"));
    }

    [Fact]
    public async Task Without_configured_proxies_forwarded_headers_are_ignored_even_from_loopback()
    {
        using var host = ProxiedHost(("RateLimits:SignInPermitLimit", "1"));
        var client = host.CreateClient();

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await TokenViaAsync(client, "127.0.0.1", "203.0.113.30")).StatusCode);
        await (await TokenViaAsync(client, "127.0.0.1", "203.0.113.31")).ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("http://localhost/", await IssuerViaAsync(client, "127.0.0.1"));
    }

    [Theory]
    [InlineData("Security:KnownProxies:0", "ikke-en-adresse", "Security:KnownProxies:0")]
    [InlineData("Security:KnownNetworks:0", "10.0.0.0/99", "Security:KnownNetworks:0")]
    public void Malformed_proxy_setting_stops_the_host_naming_the_setting(string key, string value, string named)
    {
        using var host = app.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A host whose requests come from the address in <c>X-Test-Peer</c>, as if a proxy there had connected.</summary>
    private WebApplicationFactory<Program> ProxiedHost(params (string Key, string Value)[] settings) => app.WithWebHostBuilder(builder =>
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, TestPeerStartupFilter>());
    });

    private static Task<HttpResponseMessage> TokenViaAsync(HttpClient client, string proxy, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = TokenRequest() };
        request.Headers.Add(TestPeerStartupFilter.Header, proxy);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return client.SendAsync(request, Ct);
    }

    /// <summary>The token server's issuer as the discovery document names it for a request through <paramref name="proxy"/> saying https.</summary>
    private static async Task<string?> IssuerViaAsync(HttpClient client, string proxy)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Add(TestPeerStartupFilter.Header, proxy);
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request, Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("issuer").GetString();
    }

    /// <summary>The in-memory test server has no peer address; this gives each request the one its test header names.</summary>
    private sealed class TestPeerStartupFilter : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        var response = await app.ClientFor(null).GetAsync("/", Ct);

        Assert.Equal("default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
        // The pages work under the strict policy: no inline scripts, styles or event handlers.
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);
    }

    [Fact]
    public async Task Api_reference_loads_its_script_from_the_app_and_may_run_inline_script_only_on_its_path()
    {
        var client = app.ClientFor(null);
        var response = await client.GetAsync("/api/docs", Ct);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Contains("script-src 'self' 'unsafe-inline'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.DoesNotMatch("^(https?:)?//", source));
        foreach (var source in sources)
        {
            var script = await client.GetAsync(new Uri(new Uri("http://localhost/api/docs/"), source), Ct);
            await script.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.DoesNotContain("unsafe-inline", Header(await client.GetAsync("/api/v1/municipalities", Ct), "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_sends_hsts_and_secure_httponly_lax_cookies_and_kestrel_sends_no_server_header()
    {
        using var host = app.WithWebHostBuilder(builder => builder.UseEnvironment("Production")
            .UseSetting("Auth:SigningCertificate", TestCertificates.Pkcs12Base64("signing", X509KeyUsageFlags.DigitalSignature))
            .UseSetting("Auth:EncryptionCertificate", TestCertificates.Pkcs12Base64("encryption", X509KeyUsageFlags.KeyEncipherment)));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://meldebok.example"), HandleCookies = false });

        var response = await client.GetAsync("/", Ct);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", antiforgery, StringComparison.OrdinalIgnoreCase);

        var identity = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie;
        Assert.True(identity.HttpOnly);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Lax, identity.SameSite);
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, identity.SecurePolicy);
        Assert.False(host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task Configured_origin_gets_cors_headers_on_api_and_connect_and_other_origins_do_not()
    {
        using var host = app.WithWebHostBuilder(builder => builder.UseSetting("Cors:AllowedOrigins:0", "https://app.example"));
        var client = host.CreateClient();

        var allowed = await client.SendAsync(Preflight("/api/v1/municipalities", "https://app.example"), Ct);
        var connect = await client.SendAsync(Preflight("/connect/token", "https://app.example"), Ct);
        var other = await client.SendAsync(Preflight("/api/v1/municipalities", "https://evil.example"), Ct);
        var page = await client.SendAsync(Preflight("/", "https://app.example"), Ct);

        Assert.Equal("https://app.example", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Equal("https://app.example", Header(connect, "Access-Control-Allow-Origin"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(page.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_configured_origins_there_is_no_cors()
    {
        var response = await app.ClientFor(null).SendAsync(Preflight("/api/v1/municipalities", "https://app.example"), Ct);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return request;
    }

    private static FormUrlEncodedContent TokenRequest() => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = "finnes-ikke",
        ["client_secret"] = "feil",
    });

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single()
        : response.Content.Headers.TryGetValues(name, out var content) ? content.Single()
        : throw new Xunit.Sdk.XunitException($"The answer has no {name} header.");

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex("<script[^>]*\\bsrc=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();
}
