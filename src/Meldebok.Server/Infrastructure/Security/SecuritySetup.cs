using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Security;

/// <summary>
/// Rate limits, security headers, CORS for configured origins, no Server header, secure cookies, and forwarded
/// headers from the configured proxies only.
/// </summary>
internal static class SecuritySetup
{
    private const string CorsPolicy = "configured-origins";

    public static void AddMeldebokSecurity(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddMeldebokRateLimits();

        builder.Services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, proxies) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; only what is configured is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.Proxies()) options.KnownProxies.Add(proxy);
            foreach (var network in proxies.Value.Networks()) options.KnownIPNetworks.Add(network);
        });

        var origins = builder.Configuration.GetSection(CorsSettings.Section).Get<CorsSettings>()?.AllowedOrigins ?? [];
        builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Location", "Retry-After")));

        // Development and Testing run over plain HTTP; everywhere else the cookie only travels over HTTPS.
        var relaxed = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = relaxed ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
    }

    /// <summary>
    /// Runs first: a request from a configured proxy gets the client's address and scheme from <c>X-Forwarded-For</c>
    /// and <c>X-Forwarded-Proto</c>, so that the sign-in limit, HSTS, secure cookies and the token server's issuer see
    /// the real client. With no proxy configured the headers are ignored.
    /// </summary>
    public static void UseMeldebokForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>Runs before authentication: headers on every answer, CORS on /api and /connect, the sign-in limit.</summary>
    public static void UseMeldebokSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseCors(CorsPolicy));
        app.UseMiddleware<SignInRateLimitMiddleware>();
    }
}
