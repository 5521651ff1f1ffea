using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Meldebok.IdentityStandIn;

/// <summary>The person who signed in: a listed test user, or an identifier typed on the login page.</summary>
internal sealed record SignedInPerson(string Identifier, string? Name, string? Email);

/// <summary>What an authorization code stands for until it is redeemed.</summary>
internal sealed record AuthorizationGrant(
    string ClientId,
    string RedirectUri,
    string CodeChallenge,
    string Nonce,
    IReadOnlySet<string> Scopes,
    SignedInPerson Person,
    string? Acr,
    string Locale,
    string SessionId,
    DateTimeOffset AuthenticatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>An access token for userinfo; a sign-in answered without the person identifier lacks it in userinfo too.</summary>
internal sealed record IssuedAccessToken(AuthorizationGrant Grant, DateTimeOffset ExpiresAt, bool WithoutPersonIdentifier);

/// <summary>The RSA key that signs id_tokens, published in the JWKS under its RFC 7638 thumbprint.</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa;
    private readonly bool _ownsKey;
    private readonly string _modulus;
    private readonly string _exponent;

    public SigningKey(RSA? given)
    {
        _ownsKey = given is null;
        _rsa = given ?? RSA.Create(2048);
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        _modulus = Base64Url.EncodeToString(parameters.Modulus);
        _exponent = Base64Url.EncodeToString(parameters.Exponent);
        // RFC 7638: the hash of the required members in lexicographic order, without whitespace.
        var thumbprintInput = $$"""{"e":"{{_exponent}}","kty":"RSA","n":"{{_modulus}}"}""";
        KeyId = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(thumbprintInput)));
    }

    public string KeyId { get; }

    public JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = KeyId,
            ["n"] = _modulus,
            ["e"] = _exponent,
        }),
    };

    /// <summary>A compact JWS (RS256) of <paramref name="payload"/>, or one of the signature faults.</summary>
    public string Sign(JsonObject payload, IdTokenFault faults)
    {
        var unsigned = faults.HasFlag(IdTokenFault.AlgorithmNone);
        var header = unsigned
            ? new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }
            : new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        if (unsigned)
        {
            return signingInput + ".";
        }

        using var impostor = faults.HasFlag(IdTokenFault.WrongSignature) ? RSA.Create(2048) : null;
        var signature = (impostor ?? _rsa).SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The payload of a token this key signed (any lifetime), or null when it is not one.</summary>
    public JsonObject? ReadOwnToken(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[2].Length == 0)
        {
            return null;
        }

        try
        {
            var valid = _rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return valid ? JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_ownsKey)
        {
            _rsa.Dispose();
        }
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}

/// <summary>The claims of id_tokens and userinfo answers, per provider.</summary>
internal static class StandInClaims
{
    public const string FeidePrincipalName = "https://n.feide.no/claims/eduPersonPrincipalName";
    public const string AcrSubstantial = "idporten-loa-substantial";
    public const string AcrHigh = "idporten-loa-high";

    public static IReadOnlyList<string> ScopesSupported(IdentityProviderKind kind) => kind == IdentityProviderKind.IdPorten
        ? ["openid", "profile"]
        : ["openid", "profile", "email", "userid-feide"];

    public static IReadOnlyList<string> ClaimsSupported(IdentityProviderKind kind) => kind == IdentityProviderKind.IdPorten
        ? ["iss", "sub", "aud", "exp", "iat", "auth_time", "jti", "nonce", "sid", "acr", "amr", "pid", "locale", "at_hash"]
        : ["iss", "sub", "aud", "exp", "iat", "auth_time", "jti", "nonce", "sid", "at_hash", FeidePrincipalName, "name", "email"];

    /// <summary>Pairwise and stable: the same person gets the same <c>sub</c> at the same client, across restarts.</summary>
    public static string Subject(IdentityProviderKind kind, string clientId, string identifier) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}|{clientId}|{identifier}")));

    public static JsonObject IdToken(IdentityProviderKind kind, string issuer, AuthorizationGrant grant, string accessToken,
        DateTimeOffset now, TimeSpan lifetime, IdTokenFault faults)
    {
        var issuedAt = faults.HasFlag(IdTokenFault.Expired) ? now.AddHours(-1) : now;
        var expires = faults.HasFlag(IdTokenFault.Expired) ? now.AddMinutes(-30) : now + lifetime;
        var claims = new JsonObject
        {
            ["iss"] = faults.HasFlag(IdTokenFault.WrongIssuer) ? issuer + "/ukjent-utsteder" : issuer,
            ["sub"] = Subject(kind, grant.ClientId, grant.Person.Identifier),
            ["aud"] = faults.HasFlag(IdTokenFault.WrongAudience) ? "en-annen-klient" : grant.ClientId,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["auth_time"] = grant.AuthenticatedAt.ToUnixTimeSeconds(),
            ["jti"] = RandomValue(),
            ["sid"] = grant.SessionId,
            ["at_hash"] = AccessTokenHash(accessToken),
        };
        if (!faults.HasFlag(IdTokenFault.MissingNonce))
        {
            claims["nonce"] = faults.HasFlag(IdTokenFault.WrongNonce) ? RandomValue() : grant.Nonce;
        }

        if (kind == IdentityProviderKind.IdPorten)
        {
            claims["acr"] = grant.Acr;
            claims["amr"] = new JsonArray("TestID");
            claims["locale"] = grant.Locale;
        }

        AddPersonClaims(kind, claims, grant, includeIdentifier: !faults.HasFlag(IdTokenFault.MissingPersonIdentifier));
        return claims;
    }

    public static JsonObject UserInfo(IdentityProviderKind kind, IssuedAccessToken accessToken)
    {
        var grant = accessToken.Grant;
        var claims = new JsonObject { ["sub"] = Subject(kind, grant.ClientId, grant.Person.Identifier) };
        if (kind == IdentityProviderKind.IdPorten)
        {
            claims["locale"] = grant.Locale;
        }

        AddPersonClaims(kind, claims, grant, includeIdentifier: !accessToken.WithoutPersonIdentifier);
        return claims;
    }

    public static string RandomValue() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static void AddPersonClaims(IdentityProviderKind kind, JsonObject claims, AuthorizationGrant grant, bool includeIdentifier)
    {
        // ID-porten gives only the national identity number; names come from elsewhere (the population register).
        if (kind == IdentityProviderKind.IdPorten)
        {
            if (includeIdentifier)
            {
                claims["pid"] = grant.Person.Identifier;
            }

            return;
        }

        if (includeIdentifier && grant.Scopes.Contains("userid-feide"))
        {
            claims[FeidePrincipalName] = grant.Person.Identifier;
        }

        if (grant.Scopes.Contains("profile") && grant.Person.Name is { } name)
        {
            claims["name"] = name;
        }

        if (grant.Scopes.Contains("email") && grant.Person.Email is { } email)
        {
            claims["email"] = email;
        }
    }

    /// <summary>OpenID Connect Core 3.1.3.6: the left half of the SHA-256 of the access token, base64url.</summary>
    private static string AccessTokenHash(string accessToken) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)).AsSpan(0, 16));
}

/// <summary>RFC 7636 with the S256 method only.</summary>
internal static class Pkce
{
    /// <summary>An S256 challenge is the base64url form of 32 bytes: 43 characters.</summary>
    public static bool IsWellFormedChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool Verifies(string? verifier, string challenge)
    {
        if (verifier is not { Length: >= 43 and <= 128 } || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
        {
            return false;
        }

        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
