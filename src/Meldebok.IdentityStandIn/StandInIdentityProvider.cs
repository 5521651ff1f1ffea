using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.IdentityStandIn;

/// <summary>
/// A local OpenID Connect provider that imitates ID-porten or Feide for development and tests: discovery, JWKS,
/// authorization code flow with PKCE (S256), client_secret_basic/post, RS256 id_tokens, userinfo and end-session.
/// Start it on its own loopback port with <see cref="StartAsync"/>, or map it into a host with
/// <see cref="StandInEndpointRouteBuilderExtensions.MapStandInIdentityProvider"/>.
/// </summary>
public sealed class StandInIdentityProvider : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, AuthorizationGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _redeemedCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IssuedAccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Func<string> _resolveIssuer;
    private WebApplication? _ownHost;
    private string? _issuer;
    private int _nextIdTokenFault;

    private StandInIdentityProvider(StandInOptions options, Func<string> resolveIssuer)
    {
        options.Validate();
        Options = options;
        Key = new SigningKey(options.SigningKey);
        _resolveIssuer = resolveIssuer;
    }

    /// <summary>
    /// The issuer identifier without a trailing slash, e.g. <c>http://127.0.0.1:5081</c>; the discovery document is at
    /// <c>{Issuer}/.well-known/openid-configuration</c>. Known once the hosting server has started.
    /// </summary>
    public string Issuer => _issuer ??= _resolveIssuer();

    /// <summary>The provider imitated.</summary>
    public IdentityProviderKind Kind => Options.Kind;

    /// <summary>The key id (<c>kid</c>) of the signing key published in the JWKS.</summary>
    public string SigningKeyId => Key.KeyId;

    /// <summary>Defects to put into the next id_token issued; reset to <see cref="IdTokenFault.None"/> once used.</summary>
    public IdTokenFault NextIdTokenFault
    {
        get => (IdTokenFault)Volatile.Read(ref _nextIdTokenFault);
        set => Volatile.Write(ref _nextIdTokenFault, (int)value);
    }

    internal StandInOptions Options { get; }

    internal SigningKey Key { get; }

    internal DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    /// <summary>Starts the provider on Kestrel at 127.0.0.1 on <see cref="StandInOptions.Port"/> (0 = a free port).</summary>
    public static async Task<StandInIdentityProvider> StartAsync(StandInOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The empty builder reads no configuration, so settings of a host it runs beside (Kestrel endpoints,
        // ASPNETCORE_URLS, logging) cannot leak into it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        var host = builder.Build();

        var provider = new StandInIdentityProvider(options, () => IssuerFromServer(host.Services, "/"));
        StandInEndpoints.Map(host, "/", provider);
        provider._ownHost = host;
        try
        {
            await host.StartAsync(cancellationToken);
            _ = provider.Issuer;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return provider;
    }

    /// <summary>Stops the provider's own server (when started with <see cref="StartAsync"/>) and disposes its key.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownHost is { } host)
        {
            _ownHost = null;
            await host.StopAsync();
            await host.DisposeAsync();
        }

        Key.Dispose();
    }

    internal static StandInIdentityProvider CreateMapped(IEndpointRouteBuilder endpoints, string pathPrefix, StandInOptions options)
    {
        var provider = new StandInIdentityProvider(options, () => IssuerFromServer(endpoints.ServiceProvider, pathPrefix));
        StandInEndpoints.Map(endpoints, pathPrefix, provider);
        return provider;
    }

    internal StandInClient? FindClient(string? clientId) =>
        clientId is null ? null : Options.Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    internal IdTokenFault TakeIdTokenFault() => (IdTokenFault)Interlocked.Exchange(ref _nextIdTokenFault, 0);

    internal string IssueCode(AuthorizationGrant grant)
    {
        var now = Now;
        foreach (var (stale, _) in _codes.Where(c => c.Value.ExpiresAt <= now))
        {
            _codes.TryRemove(stale, out _);
        }

        foreach (var (stale, _) in _accessTokens.Where(t => t.Value.ExpiresAt <= now))
        {
            _accessTokens.TryRemove(stale, out _);
        }

        var code = StandInClaims.RandomValue();
        _codes[code] = grant;
        return code;
    }

    /// <summary>
    /// Takes the code out of circulation whatever happens next. A code presented a second time revokes the access token
    /// issued for it (RFC 6749 §4.1.2) and is refused.
    /// </summary>
    internal AuthorizationGrant? RedeemCode(string code)
    {
        if (_codes.TryRemove(code, out var grant))
        {
            _redeemedCodes[code] = "";
            return grant;
        }

        if (_redeemedCodes.TryGetValue(code, out var accessToken) && accessToken.Length > 0)
        {
            _accessTokens.TryRemove(accessToken, out _);
        }

        return null;
    }

    internal string IssueAccessToken(string code, AuthorizationGrant grant, IdTokenFault faults)
    {
        var accessToken = StandInClaims.RandomValue();
        _accessTokens[accessToken] = new IssuedAccessToken(grant, Now + Options.AccessTokenLifetime,
            WithoutPersonIdentifier: faults.HasFlag(IdTokenFault.MissingPersonIdentifier));
        _redeemedCodes[code] = accessToken;
        return accessToken;
    }

    internal IssuedAccessToken? FindAccessToken(string accessToken) =>
        _accessTokens.TryGetValue(accessToken, out var issued) && issued.ExpiresAt > Now ? issued : null;

    private static string IssuerFromServer(IServiceProvider services, string pathPrefix)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The issuer is known once the server hosting the stand-in has started.");
        // A wildcard binding has no host a browser can use; loopback is where a development server answers.
        var origin = new UriBuilder(address.Replace("://+:", "://localhost:", StringComparison.Ordinal)
            .Replace("://*:", "://localhost:", StringComparison.Ordinal)
            .Replace("://0.0.0.0:", "://localhost:", StringComparison.Ordinal)
            .Replace("://[::]:", "://localhost:", StringComparison.Ordinal));
        return $"{origin.Scheme}://{origin.Host}:{origin.Port}{pathPrefix.TrimEnd('/')}";
    }
}

/// <summary>Maps a stand-in provider into an existing host.</summary>
public static class StandInEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a stand-in provider under <paramref name="pathPrefix"/> (e.g. <c>/idporten</c>) of this host. Its issuer is
    /// the host's first listening address plus the prefix (a wildcard address counts as <c>localhost</c>). The endpoints
    /// allow anonymous access and stay out of the OpenAPI document. Dispose the provider when the host stops.
    /// </summary>
    public static StandInIdentityProvider MapStandInIdentityProvider(this IEndpointRouteBuilder endpoints, string pathPrefix, StandInOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        if (!pathPrefix.StartsWith('/') || pathPrefix.Length < 2)
        {
            throw new ArgumentException("The path prefix must start with '/' and name a path, e.g. '/idporten'.", nameof(pathPrefix));
        }

        return StandInIdentityProvider.CreateMapped(endpoints, pathPrefix, options);
    }
}
