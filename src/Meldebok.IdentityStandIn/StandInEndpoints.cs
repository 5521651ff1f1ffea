using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Meldebok.IdentityStandIn;

/// <summary>
/// The protocol endpoints. Texts a person reads are Norwegian (see <see cref="StandInPages"/>); <c>error_description</c>
/// is for developers and, as RFC 6749 demands, ASCII, so it is English.
/// </summary>
internal static class StandInEndpoints
{
    public const string SelectedUserField = "selected_user";
    public const string CancelField = "cancel";

    private static readonly string[] GetAndPost = [HttpMethods.Get, HttpMethods.Post];

    public static void Map(IEndpointRouteBuilder endpoints, string pathPrefix, StandInIdentityProvider provider)
    {
        var group = endpoints.MapGroup(pathPrefix).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/.well-known/openid-configuration", http => WriteJsonAsync(http.Response, Discovery(provider)));
        group.MapGet("/jwks", http => WriteJsonAsync(http.Response, provider.Key.Jwks()));
        group.MapMethods("/authorize", GetAndPost, http => AuthorizeAsync(http, provider));
        group.MapPost("/token", http => TokenAsync(http, provider));
        group.MapMethods("/userinfo", GetAndPost, http => UserInfoAsync(http, provider));
        group.MapMethods("/endsession", GetAndPost, http => EndSessionAsync(http, provider));
    }

    private static JsonObject Discovery(StandInIdentityProvider provider)
    {
        var issuer = provider.Issuer;
        var document = new JsonObject
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = $"{issuer}/authorize",
            ["token_endpoint"] = $"{issuer}/token",
            ["userinfo_endpoint"] = $"{issuer}/userinfo",
            ["end_session_endpoint"] = $"{issuer}/endsession",
            ["jwks_uri"] = $"{issuer}/jwks",
            ["response_types_supported"] = new JsonArray("code"),
            ["response_modes_supported"] = new JsonArray("query", "form_post"),
            ["grant_types_supported"] = new JsonArray("authorization_code"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["scopes_supported"] = ToJsonArray(StandInClaims.ScopesSupported(provider.Kind)),
            ["claims_supported"] = ToJsonArray(StandInClaims.ClaimsSupported(provider.Kind)),
            ["ui_locales_supported"] = new JsonArray("nb", "nn", "en"),
            ["authorization_response_iss_parameter_supported"] = true,
        };
        if (provider.Kind == IdentityProviderKind.IdPorten)
        {
            document["acr_values_supported"] = new JsonArray(StandInClaims.AcrSubstantial, StandInClaims.AcrHigh);
        }

        return document;
    }

    private static async Task AuthorizeAsync(HttpContext http, StandInIdentityProvider provider)
    {
        var parameters = await ReadParametersAsync(http.Request);
        var request = AuthorizationRequest.Read(parameters, provider);
        if (request.ErrorPage is { } pageError)
        {
            await WriteHtmlAsync(http.Response, StatusCodes.Status400BadRequest, StandInPages.Error(provider.Kind, pageError));
            return;
        }

        if (request.RedirectError is { } redirectError)
        {
            await RespondToClientAsync(http.Response, provider, request, ("error", redirectError.Error), ("error_description", redirectError.Description));
            return;
        }

        // The login page posts the request back with the person's choice.
        var hidden = parameters.Where(p => p.Key is not (SelectedUserField or CancelField)).ToList();
        if (parameters.ContainsKey(CancelField))
        {
            await RespondToClientAsync(http.Response, provider, request, ("error", "access_denied"), ("error_description", "The user cancelled the login."));
            return;
        }

        if (!parameters.TryGetValue(SelectedUserField, out var selected))
        {
            await WriteHtmlAsync(http.Response, StatusCodes.Status200OK, StandInPages.Login(provider.Options, request.ClientId, hidden, typed: null));
            return;
        }

        var identifier = selected.ToString().Trim();
        if (!UserIdentifiers.IsWellFormed(provider.Kind, identifier))
        {
            await WriteHtmlAsync(http.Response, StatusCodes.Status400BadRequest, StandInPages.Login(provider.Options, request.ClientId, hidden, typed: identifier));
            return;
        }

        var listed = provider.Options.Users.FirstOrDefault(u => string.Equals(u.Identifier, identifier, StringComparison.OrdinalIgnoreCase));
        var now = provider.Now;
        var code = provider.IssueCode(new AuthorizationGrant(
            request.ClientId, request.RedirectUri, request.CodeChallenge, request.Nonce, request.Scopes,
            new SignedInPerson(listed?.Identifier ?? identifier, listed?.Name, listed?.Email),
            request.Acr, request.Locale, StandInClaims.RandomValue(), now, now + provider.Options.CodeLifetime));
        await RespondToClientAsync(http.Response, provider, request, ("code", code));
    }

    /// <summary>An authorization response: query parameters (the default) or an auto-posting form, with state and iss.</summary>
    private static async Task RespondToClientAsync(HttpResponse response, StandInIdentityProvider provider, AuthorizationRequest request,
        params (string Name, string Value)[] values)
    {
        var fields = values.ToList();
        if (request.State is { } state)
        {
            fields.Add(("state", state));
        }

        fields.Add(("iss", provider.Issuer));
        SetNoStore(response);
        if (request.ResponseMode == "form_post")
        {
            await WriteHtmlAsync(response, StatusCodes.Status200OK, StandInPages.FormPost(request.RedirectUri, fields));
            return;
        }

        response.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, fields.Select(f => KeyValuePair.Create(f.Name, (string?)f.Value))));
    }

    private static async Task TokenAsync(HttpContext http, StandInIdentityProvider provider)
    {
        if (!http.Request.HasFormContentType)
        {
            await TokenErrorAsync(http.Response, StatusCodes.Status400BadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await ReadParametersAsync(http.Request);
        var (client, authError) = AuthenticateClient(http.Request, form, provider);
        if (authError is { } failed)
        {
            if (failed.Error == "invalid_client")
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"token\", charset=\"UTF-8\"";
            }

            await TokenErrorAsync(http.Response, failed.Error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest,
                failed.Error, failed.Description);
            return;
        }

        var grantType = Single(form, "grant_type");
        var code = Single(form, "code");
        var verifier = Single(form, "code_verifier");
        (string Error, string Description)? problem = (grantType, code, verifier) switch
        {
            (null, _, _) => ("invalid_request", "grant_type is missing."),
            (not "authorization_code", _, _) => ("unsupported_grant_type", "Only authorization_code is supported."),
            (_, null, _) => ("invalid_request", "code is missing."),
            (_, _, null) => ("invalid_request", "code_verifier is missing (PKCE is required)."),
            _ => null,
        };
        var grant = problem is null ? provider.RedeemCode(code!) : null;
        problem ??= grant switch
        {
            null => ("invalid_grant", "The code is unknown or has already been used."),
            _ when !string.Equals(grant.ClientId, client!.ClientId, StringComparison.Ordinal) => ("invalid_grant", "The code was issued to another client."),
            _ when grant.ExpiresAt <= provider.Now => ("invalid_grant", "The code has expired."),
            _ when !string.Equals(Single(form, "redirect_uri"), grant.RedirectUri, StringComparison.Ordinal) => ("invalid_grant", "redirect_uri does not match the authorization request."),
            _ when !Pkce.Verifies(verifier, grant.CodeChallenge) => ("invalid_grant", "code_verifier does not match the code_challenge."),
            _ => null,
        };
        if (problem is { } error)
        {
            await TokenErrorAsync(http.Response, StatusCodes.Status400BadRequest, error.Error, error.Description);
            return;
        }

        var faults = provider.TakeIdTokenFault();
        var accessToken = provider.IssueAccessToken(code!, grant!, faults);
        var claims = StandInClaims.IdToken(provider.Kind, provider.Issuer, grant!, accessToken, provider.Now, provider.Options.IdTokenLifetime, faults);
        SetNoStore(http.Response);
        await WriteJsonAsync(http.Response, new JsonObject
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)provider.Options.AccessTokenLifetime.TotalSeconds,
            ["id_token"] = provider.Key.Sign(claims, faults),
            ["scope"] = string.Join(' ', grant!.Scopes),
        });
    }

    /// <summary>client_secret_basic (RFC 6749 §2.3.1: id and secret form-encoded, then base64) or client_secret_post; never both.</summary>
    private static (StandInClient? Client, (string Error, string Description)? Error) AuthenticateClient(
        HttpRequest request, Dictionary<string, StringValues> form, StandInIdentityProvider provider)
    {
        string? clientId;
        string? secret;
        var bodyId = Single(form, "client_id");
        var bodySecret = Single(form, "client_secret");
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) &&
            string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (bodySecret is not null)
            {
                return (null, ("invalid_request", "Use one client authentication method, not both."));
            }

            var decoded = TryDecodeBasic(header.Parameter);
            if (decoded is null || (bodyId is not null && bodyId != decoded.Value.Id))
            {
                return (null, ("invalid_client", "The Basic credentials are malformed or disagree with client_id."));
            }

            (clientId, secret) = decoded.Value;
        }
        else
        {
            (clientId, secret) = (bodyId, bodySecret);
        }

        var client = provider.FindClient(clientId);
        if (client is null || secret is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.ClientSecret)))
        {
            return (null, ("invalid_client", "Client authentication failed."));
        }

        return (client, null);
    }

    private static (string Id, string Secret)? TryDecodeBasic(string? parameter)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter ?? ""));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : (FormDecode(text[..colon]), FormDecode(text[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }

        static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
    }

    private static async Task UserInfoAsync(HttpContext http, StandInIdentityProvider provider)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        if (provider.FindAccessToken(authorization["Bearer ".Length..].Trim()) is not { } issued)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The access token is unknown or expired.\"";
            return;
        }

        SetNoStore(http.Response);
        await WriteJsonAsync(http.Response, StandInClaims.UserInfo(provider.Kind, issued));
    }

    /// <summary>RP-initiated logout: back to a registered post_logout_redirect_uri (with state), otherwise a logged-out page.</summary>
    private static async Task EndSessionAsync(HttpContext http, StandInIdentityProvider provider)
    {
        var parameters = await ReadParametersAsync(http.Request);
        var hint = Single(parameters, "id_token_hint");
        var hintAudience = hint is null ? null : provider.Key.ReadOwnToken(hint)?["aud"]?.GetValue<string>();
        if (hint is not null && hintAudience is null)
        {
            await WriteHtmlAsync(http.Response, StatusCodes.Status400BadRequest, StandInPages.Error(provider.Kind, ErrorPageReason.UnknownIdTokenHint));
            return;
        }

        var client = provider.FindClient(Single(parameters, "client_id") ?? hintAudience);
        var postLogoutUri = Single(parameters, "post_logout_redirect_uri");
        if (postLogoutUri is null)
        {
            await WriteHtmlAsync(http.Response, StatusCodes.Status200OK, StandInPages.LoggedOut(provider.Kind));
            return;
        }

        if (client is null || (hintAudience is not null && hintAudience != client.ClientId) ||
            !client.PostLogoutRedirectUris.Contains(postLogoutUri, StringComparer.Ordinal))
        {
            await WriteHtmlAsync(http.Response, StatusCodes.Status400BadRequest, StandInPages.Error(provider.Kind, ErrorPageReason.UnregisteredPostLogoutRedirectUri));
            return;
        }

        var state = Single(parameters, "state");
        http.Response.Redirect(state is null ? postLogoutUri : QueryHelpers.AddQueryString(postLogoutUri, "state", state));
    }

    private static async Task<Dictionary<string, StringValues>> ReadParametersAsync(HttpRequest request)
    {
        IEnumerable<KeyValuePair<string, StringValues>> source = HttpMethods.IsPost(request.Method) && request.HasFormContentType
            ? await request.ReadFormAsync(request.HttpContext.RequestAborted)
            : request.Query;
        return source.ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>The value of a parameter given once and not empty; RFC 6749 §3.1 forbids repeating a parameter.</summary>
    internal static string? Single(Dictionary<string, StringValues> parameters, string name) =>
        parameters.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    internal static bool IsRepeated(Dictionary<string, StringValues> parameters, string name) =>
        parameters.TryGetValue(name, out var values) && values.Count > 1;

    private static Task TokenErrorAsync(HttpResponse response, int status, string error, string description)
    {
        response.StatusCode = status;
        SetNoStore(response);
        return WriteJsonAsync(response, new JsonObject { ["error"] = error, ["error_description"] = description });
    }

    private static void SetNoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    private static Task WriteJsonAsync(HttpResponse response, JsonObject body)
    {
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(body.ToJsonString(), response.HttpContext.RequestAborted);
    }

    private static Task WriteHtmlAsync(HttpResponse response, int status, string html)
    {
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(html, response.HttpContext.RequestAborted);
    }

    private static JsonArray ToJsonArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

/// <summary>What went wrong before a redirect URI could be trusted: shown to the person, never sent to the client.</summary>
internal enum ErrorPageReason
{
    UnknownClient,
    UnregisteredRedirectUri,
    UnknownIdTokenHint,
    UnregisteredPostLogoutRedirectUri,
}

/// <summary>An authorization request, validated in the order RFC 6749 §4.1.2.1 requires.</summary>
internal sealed record AuthorizationRequest(
    string ClientId,
    string RedirectUri,
    string? State,
    string ResponseMode,
    string CodeChallenge,
    string Nonce,
    IReadOnlySet<string> Scopes,
    string? Acr,
    string Locale)
{
    public ErrorPageReason? ErrorPage { get; private init; }

    public (string Error, string Description)? RedirectError { get; private init; }

    public static AuthorizationRequest Read(Dictionary<string, StringValues> parameters, StandInIdentityProvider provider)
    {
        string? Get(string name) => StandInEndpoints.Single(parameters, name);

        var clientId = Get("client_id");
        var redirectUri = Get("redirect_uri");
        var client = provider.FindClient(clientId);
        var scopes = (Get("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var acrValues = (Get("acr_values") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var locale = (Get("ui_locales") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(l => l is "nb" or "nn" or "en") ?? "nb";
        var request = new AuthorizationRequest(clientId ?? "", redirectUri ?? "", Get("state"), Get("response_mode") ?? "query",
            Get("code_challenge") ?? "", Get("nonce") ?? "", scopes,
            provider.Kind != IdentityProviderKind.IdPorten ? null
                : acrValues.Contains(StandInClaims.AcrHigh) ? StandInClaims.AcrHigh : StandInClaims.AcrSubstantial,
            locale);

        if (client is null)
        {
            return request with { ErrorPage = ErrorPageReason.UnknownClient };
        }

        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return request with { ErrorPage = ErrorPageReason.UnregisteredRedirectUri };
        }

        var repeated = parameters.Keys.FirstOrDefault(name => StandInEndpoints.IsRepeated(parameters, name));
        var supportedScopes = StandInClaims.ScopesSupported(provider.Kind);
        (string, string)? error = (Get("response_type"), request.ResponseMode) switch
        {
            _ when repeated is not null => ("invalid_request", $"The parameter {repeated} is repeated."),
            (_, not ("query" or "form_post")) => ("invalid_request", "response_mode must be query or form_post."),
            (null, _) => ("invalid_request", "response_type is missing."),
            (not "code", _) => ("unsupported_response_type", "Only response_type=code is supported."),
            _ when !scopes.Contains("openid") => ("invalid_scope", "scope must contain openid."),
            _ when scopes.FirstOrDefault(s => !supportedScopes.Contains(s)) is { } unknown => ("invalid_scope", $"The scope {unknown} is not supported."),
            _ when Get("code_challenge") is null => ("invalid_request", "code_challenge is missing (PKCE is required)."),
            _ when Get("code_challenge_method") != "S256" => ("invalid_request", "code_challenge_method must be S256."),
            _ when !Pkce.IsWellFormedChallenge(request.CodeChallenge) => ("invalid_request", "code_challenge is not a base64url SHA-256 value."),
            _ when request.State is null => ("invalid_request", "state is missing."),
            _ when Get("nonce") is null => ("invalid_request", "nonce is missing."),
            _ => null,
        };
        return error is null ? request : request with
        {
            RedirectError = error,
            // An unusable response_mode cannot carry the error; fall back to the default.
            ResponseMode = request.ResponseMode is "query" or "form_post" ? request.ResponseMode : "query",
        };
    }
}
