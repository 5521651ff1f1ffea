namespace Meldebok.Server.Infrastructure.Security;

/// <summary>Rate limits, security headers, CORS for configured origins, no Server header, and secure cookies.</summary>
internal static class SecuritySetup
{
    private const string CorsPolicy = "configured-origins";

    public static void AddMeldebokSecurity(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddMeldebokRateLimits();

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
