using System.Security.Cryptography;
using OpenIddict.Client;

namespace Meldebok.Server.Features.Identity.External;

/// <summary>The providers this host signs people in with; a provider not listed has no endpoints (404).</summary>
internal sealed class EnabledExternalProviders(IReadOnlyList<ExternalProvider> providers)
{
    public IReadOnlyList<ExternalProvider> Providers { get; } = providers;

    public ExternalProvider? Find(string? name) => ExternalProvider.Find(name) is { } p && Providers.Contains(p) ? p : null;
}

/// <summary>
/// Sign-in through ID-porten and Feide with the OpenIddict client. A provider is enabled by its section
/// (<c>Auth:IdPorten</c>, <c>Auth:Feide</c>); in Development an unconfigured provider is replaced by a local stand-in
/// (<see cref="DevelopmentIdentityProviders"/>), elsewhere it is simply absent.
/// </summary>
internal static class ExternalSignInSetup
{
    public static void AddExternalSignIn(this WebApplicationBuilder builder, AuthOptions auth, bool developmentKeys)
    {
        var services = builder.Services;
        var isDevelopment = builder.Environment.IsDevelopment();
        var configured = new List<(ExternalProvider Provider, ExternalProviderOptions Options)>();
        var standIns = new List<(ExternalProvider Provider, ExternalProviderOptions Options)>();
        foreach (var provider in ExternalProvider.All)
        {
            var section = builder.Configuration.GetSection(provider.Section);
            if (section.Exists())
            {
                services.AddOptions<ExternalProviderOptions>(provider.Name)
                    .BindConfiguration(provider.Section)
                    .Configure(o => o.AllowHttpIssuer = developmentKeys)
                    .ValidateDataAnnotations()
                    .ValidateOnStart();
                configured.Add((provider, section.Get<ExternalProviderOptions>() ?? new ExternalProviderOptions()));
            }
            else if (isDevelopment)
            {
                standIns.Add((provider, new ExternalProviderOptions
                {
                    Issuer = $"http://127.0.0.1:{provider.DevelopmentPort}",
                    ClientId = "meldebok-dev",
                    ClientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
                }));
            }
        }

        var enabled = configured.Concat(standIns).ToList();
        services.AddSingleton(new EnabledExternalProviders([.. enabled.Select(e => e.Provider)]));
        if (standIns.Count > 0)
        {
            services.AddSingleton(new DevelopmentIdentityProviders.Settings(standIns));
            services.AddHostedService<DevelopmentIdentityProviders>();
        }

        if (enabled.Count == 0)
        {
            return;
        }

        services.AddOpenIddict().AddClient(options =>
        {
            options.AllowAuthorizationCodeFlow();
            if (developmentKeys)
            {
                options.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
            }
            else if (auth.SigningCertificate is { Length: > 0 } signing && auth.EncryptionCertificate is { Length: > 0 } encryption)
            {
                options.AddSigningCertificate(IdentitySetup.LoadCertificate(signing, auth.CertificatePassword))
                    .AddEncryptionCertificate(IdentitySetup.LoadCertificate(encryption, auth.CertificatePassword));
            }

            // Errors reach the callback too, which logs them and shows the Norwegian error page.
            var aspNetCore = options.UseAspNetCore().EnableRedirectionEndpointPassthrough().EnableErrorPassthrough();
            if (developmentKeys)
            {
                aspNetCore.DisableTransportSecurityRequirement();
                // The correlation cookie is SameSite=None by default, which browsers keep only with Secure, i.e. over
                // HTTPS. In Development and tests the providers are stand-ins on the same site (127.0.0.1) over plain
                // HTTP, where Lax reaches the callback (query redirect or same-site form post) and is kept by browsers.
                aspNetCore.Configure(o =>
                {
                    o.CookieBuilder.SameSite = SameSiteMode.Lax;
                    o.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                });
            }

            options.UseSystemNetHttp().SetProductInformation(typeof(ExternalSignInSetup).Assembly);

            foreach (var (provider, settings) in enabled)
            {
                var registration = new OpenIddictClientRegistration
                {
                    Issuer = new Uri(settings.Issuer, UriKind.Absolute),
                    ProviderName = provider.Name,
                    RegistrationId = provider.Name,
                    ClientId = settings.ClientId,
                    ClientSecret = settings.ClientSecret,
                    RedirectUri = new Uri(provider.CallbackPath.TrimStart('/'), UriKind.Relative),
                };
                registration.Scopes.UnionWith(settings.Scopes.Count > 0 ? settings.Scopes : provider.DefaultScopes);
                // OpenIddict 7.8 leaves exp of the id_token from the token endpoint unchecked unless told to check it.
                registration.TokenValidationParameters.ValidateLifetime = true;
                options.AddRegistration(registration);
            }
        });

        // Token lifetimes are judged by the application's clock (TimeProvider), as everything else is.
        services.AddOptions<OpenIddictClientOptions>().Configure<TimeProvider>((options, time) =>
        {
            foreach (var registration in options.Registrations)
            {
                registration.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    return expires is { } exp && exp + parameters.ClockSkew >= now && (notBefore is not { } nbf || nbf - parameters.ClockSkew <= now);
                };
            }
        });
    }

}
