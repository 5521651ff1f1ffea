using System.Security.Cryptography;

namespace Meldebok.IdentityStandIn;

/// <summary>Which real provider the stand-in imitates; decides the claims, scopes and texts.</summary>
public enum IdentityProviderKind
{
    /// <summary>ID-porten: guardians; the id_token carries the national identity number in <c>pid</c>.</summary>
    IdPorten,

    /// <summary>Feide: staff; the id_token carries eduPersonPrincipalName when the scope <c>userid-feide</c> is asked for.</summary>
    Feide,
}

/// <summary>
/// Defects the stand-in can put into the next id_token it issues, so that a client's tests can prove it rejects them.
/// A fault is used once: the id_token after it is correct again.
/// </summary>
[Flags]
public enum IdTokenFault
{
    /// <summary>A correct id_token.</summary>
    None = 0,

    /// <summary>Signed by another RSA key under the published key id.</summary>
    WrongSignature = 1,

    /// <summary><c>iss</c> names another issuer.</summary>
    WrongIssuer = 2,

    /// <summary><c>aud</c> names another client.</summary>
    WrongAudience = 4,

    /// <summary>Issued an hour ago and expired half an hour ago (beyond the usual five minutes of clock skew).</summary>
    Expired = 8,

    /// <summary>No <c>nonce</c> claim.</summary>
    MissingNonce = 16,

    /// <summary>A <c>nonce</c> other than the one the client sent.</summary>
    WrongNonce = 32,

    /// <summary>
    /// No person identifier: no <c>pid</c> (ID-porten) or no eduPersonPrincipalName (Feide), in the id_token and in
    /// the userinfo answer for the same sign-in (a client that merges userinfo claims would otherwise find it there).
    /// </summary>
    MissingPersonIdentifier = 64,

    /// <summary>An unsecured JWT: <c>"alg": "none"</c> and an empty signature.</summary>
    AlgorithmNone = 128,
}

/// <summary>A client registered with the stand-in.</summary>
/// <param name="ClientId">The client_id.</param>
/// <param name="ClientSecret">The secret for client_secret_basic or client_secret_post.</param>
/// <param name="RedirectUris">The redirect URIs, compared exactly.</param>
public sealed record StandInClient(string ClientId, string ClientSecret, IReadOnlyList<string> RedirectUris)
{
    /// <summary>Where the end-session endpoint may send the browser after logging out, compared exactly.</summary>
    public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];
}

/// <summary>A test person offered on the login page.</summary>
/// <param name="Identifier">The national identity number (ID-porten, 11 digits) or the eduPersonPrincipalName (Feide).</param>
/// <param name="Name">The display name.</param>
/// <param name="Email">The e-mail address (Feide only).</param>
public sealed record StandInUser(string Identifier, string Name, string? Email = null)
{
    /// <summary>An ID-porten person.</summary>
    public static StandInUser IdPorten(string pid, string name) => new(pid, name);

    /// <summary>A Feide user.</summary>
    public static StandInUser Feide(string eduPersonPrincipalName, string name, string email) => new(eduPersonPrincipalName, name, email);
}

/// <summary>How a stand-in provider is set up.</summary>
public sealed record StandInOptions
{
    /// <summary>The provider imitated.</summary>
    public required IdentityProviderKind Kind { get; init; }

    /// <summary>The loopback port when started on its own; 0 takes a free one.</summary>
    public int Port { get; init; }

    /// <summary>The registered clients.</summary>
    public IReadOnlyList<StandInClient> Clients { get; init; } = [];

    /// <summary>The persons listed on the login page; any other well-formed identifier typed there is accepted too.</summary>
    public IReadOnlyList<StandInUser> Users { get; init; } = [];

    /// <summary>The clock for codes, tokens and their expiry.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The RSA key that signs id_tokens; a fresh 2048-bit key per instance when not given (a given key is not disposed).</summary>
    public RSA? SigningKey { get; init; }

    /// <summary>How long an authorization code can be redeemed.</summary>
    public TimeSpan CodeLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long access tokens (for userinfo) are valid.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long id_tokens are valid.</summary>
    public TimeSpan IdTokenLifetime { get; init; } = TimeSpan.FromMinutes(2);

    internal void Validate()
    {
        foreach (var user in Users)
        {
            if (!UserIdentifiers.IsWellFormed(Kind, user.Identifier))
            {
                throw new ArgumentException($"Test user '{user.Identifier}' is not a well-formed identifier for {Kind}.", nameof(Users));
            }
        }

        foreach (var client in Clients)
        {
            if (string.IsNullOrEmpty(client.ClientId) || string.IsNullOrEmpty(client.ClientSecret) || client.RedirectUris.Count == 0 ||
                client.RedirectUris.Concat(client.PostLogoutRedirectUris).Any(uri => !Uri.TryCreate(uri, UriKind.Absolute, out _)))
            {
                throw new ArgumentException($"Client '{client.ClientId}' needs an id, a secret and absolute redirect URIs.", nameof(Clients));
            }
        }

        if (Clients.GroupBy(c => c.ClientId, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new ArgumentException("Client ids must be unique.", nameof(Clients));
        }
    }
}

internal static class UserIdentifiers
{
    /// <summary>ID-porten's test login takes any 11 digits (synthetic numbers included); Feide ids are user@realm.</summary>
    public static bool IsWellFormed(IdentityProviderKind kind, string? value) => kind switch
    {
        IdentityProviderKind.IdPorten => value is { Length: 11 } && value.All(char.IsAsciiDigit),
        _ => value is { Length: >= 3 and <= 256 } && value.IndexOf('@', StringComparison.Ordinal) is > 0 and var at &&
             at < value.Length - 1 && value.LastIndexOf('@') == at && !value.Any(char.IsWhiteSpace),
    };
}
