using System.Security.Cryptography.X509Certificates;
using Meldebok.Server.Features.Identity.External;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Meldebok.Server.Features.Identity;

/// <summary>
/// Sign-in for people (ASP.NET Core Identity: cookie for the web UI, local passwords with lockout and
/// optional TOTP) and tokens for the API (OpenIddict: code + PKCE, refresh with rotation, client
/// credentials, revocation, introspection, discovery).
/// </summary>
internal static class IdentitySetup
{
    public const string LoginPath = "/konto/logg-inn";

    public static void AddMeldebokIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var developmentKeys = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Configure(o => o.AllowDevelopmentKeys = developmentKeys)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        services.AddIdentity<MeldebokUser, IdentityRole<Guid>>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequiredUniqueChars = 5;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = auth.LockoutMaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(auth.LockoutMinutes);
                options.User.RequireUniqueEmail = false;
                options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                options.ClaimsIdentity.UserNameClaimType = Claims.Name;
                options.ClaimsIdentity.RoleClaimType = Claims.Role;
                options.ClaimsIdentity.EmailClaimType = Claims.Email;
            })
            .AddEntityFrameworkStores<MeldebokDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<NorwegianIdentityErrors>()
            .AddClaimsPrincipalFactory<MeldebokClaimsFactory>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "meldebok";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing")
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
            options.LoginPath = LoginPath;
            options.LogoutPath = "/konto/logg-ut";
            options.AccessDeniedPath = Web.WebPaths.AccessDenied;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.ConfigureExternalCookie(options =>
        {
            options.Cookie.Name = "meldebok.external";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthentication().AddApiScheme();
        services.AddMeldebokPolicies();
        services.AddHttpContextAccessor();
        services.AddScoped<RosterRoleResolver>();
        services.AddScoped<IClaimsTransformation, RosterClaimsTransformation>();

        services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<MeldebokDbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("/connect/authorize")
                    .SetTokenEndpointUris("/connect/token")
                    .SetEndSessionEndpointUris("/connect/logout")
                    .SetRevocationEndpointUris("/connect/revoke")
                    .SetIntrospectionEndpointUris("/connect/introspect")
                    .SetUserInfoEndpointUris("/connect/userinfo");

                options.AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();

                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, ApiScopes.Api, ApiScopes.RosterImport);

                options.SetAccessTokenLifetime(TimeSpan.FromMinutes(auth.AccessTokenLifetimeMinutes))
                    .SetIdentityTokenLifetime(TimeSpan.FromMinutes(auth.IdentityTokenLifetimeMinutes))
                    .SetRefreshTokenLifetime(TimeSpan.FromDays(auth.RefreshTokenLifetimeDays))
                    .SetRefreshTokenReuseLeeway(TimeSpan.FromSeconds(auth.RefreshTokenReuseLeewaySeconds));

                // Access tokens are signed JWTs (RFC 9068), not encrypted: they carry only the account id, the display
                // name and the scopes, and TLS protects them in transit. Decrypting an RSA-wrapped key on every API
                // request was most of a request's CPU time (bench/morning-rush). Refresh and authorization-code tokens
                // stay encrypted.
                options.DisableAccessTokenEncryption();

                if (developmentKeys)
                {
                    options.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
                }
                else if (auth.SigningCertificate is { Length: > 0 } signing && auth.EncryptionCertificate is { Length: > 0 } encryption)
                {
                    options.AddSigningCertificate(LoadCertificate(signing, auth.CertificatePassword))
                        .AddEncryptionCertificate(LoadCertificate(encryption, auth.CertificatePassword));
                }

                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
                if (developmentKeys)
                {
                    // Development and the test host speak plain HTTP on loopback; production sits behind TLS.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                // Without these, a token stays valid until it expires however it was revoked: the local server's
                // validation trusts the signature alone. With them every API request checks the token's entry
                // (revoked through /connect/revoke, pruned) and its authorization (revoked with a reused refresh token).
                options.EnableTokenEntryValidation();
                options.EnableAuthorizationEntryValidation();
                // Both checks read the token's entry in the statement that reads the caller's roles: one round trip per request.
                foreach (var replaced in TokenEntryValidation.Replaced)
                {
                    options.RemoveEventHandler(replaced);
                }

                options.AddEventHandler(TokenEntryValidation.Descriptor);
                options.UseAspNetCore();
            });

        services.AddHostedService<ClientRegistrationSync>();
        builder.AddExternalSignIn(auth, developmentKeys);
    }

    internal static X509Certificate2 LoadCertificate(string base64, string? password) =>
        X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64), password, X509KeyStorageFlags.EphemeralKeySet);
}
