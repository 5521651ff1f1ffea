using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Meldebok.IdentityStandIn.Tests.Infrastructure;

public enum ClientAuthentication
{
    SecretBasic,
    SecretPost,
}

/// <summary>What the client got back on its redirect URI after a person signed in.</summary>
public sealed record SignIn(string Code, string State, string Iss, string Nonce, string Verifier);

/// <summary>
/// Plays the part of an OpenID Connect client against a running stand-in over real HTTP: builds authorization
/// requests with PKCE, reads the login page like a browser would, follows nothing automatically.
/// </summary>
public sealed partial class StandInHarness : IAsyncDisposable
{
    public const string ClientId = "meldebok";
    // ':' and '+' must survive RFC 6749 §2.3.1 form-encoding inside Basic credentials; 'ø' must survive UTF-8.
    public const string ClientSecret = "hemmelig:nøkkel+1";
    public const string RedirectUri = "http://127.0.0.1:5000/signin-callback";
    public const string PostLogoutRedirectUri = "http://127.0.0.1:5000/signout-callback";
    public const string OtherClientId = "annen-klient";
    public const string OtherClientSecret = "annen-hemmelighet";
    public const string OtherRedirectUri = "http://127.0.0.1:5000/annen-callback";
    public const string ListedPid = "24859898765";
    public const string ListedFeideId = "kari.nordmann@trondheim.kommune.no";

    private StandInHarness(StandInIdentityProvider provider, FakeTimeProvider time, bool ownsProvider)
    {
        Provider = provider;
        Time = time;
        OwnsProvider = ownsProvider;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    public StandInIdentityProvider Provider { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public string Issuer => Provider.Issuer;

    private bool OwnsProvider { get; }

    // Generating an RSA key costs CPU on a shared machine; tests about keys start providers without it.
    private static readonly RSA SharedSigningKey = RSA.Create(2048);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The options the tests use: two clients, one listed person, a fake clock starting now, a shared key.</summary>
    public static StandInOptions Options(IdentityProviderKind kind, FakeTimeProvider time) => new()
    {
        Kind = kind,
        TimeProvider = time,
        SigningKey = SharedSigningKey,
        Clients =
        [
            new StandInClient(ClientId, ClientSecret, [RedirectUri]) { PostLogoutRedirectUris = [PostLogoutRedirectUri] },
            new StandInClient(OtherClientId, OtherClientSecret, [OtherRedirectUri]),
        ],
        Users = kind == IdentityProviderKind.IdPorten
            ? [StandInUser.IdPorten(ListedPid, "Kari Nordmann")]
            : [StandInUser.Feide(ListedFeideId, "Kari Nordmann", "kari.nordmann@trondheim.kommune.no")],
    };

    public static async Task<StandInHarness> StartAsync(IdentityProviderKind kind)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return new StandInHarness(await StandInIdentityProvider.StartAsync(Options(kind, time), Ct), time, ownsProvider: true);
    }

    /// <summary>Drives a provider someone else started (and disposes).</summary>
    public static StandInHarness For(StandInIdentityProvider provider, FakeTimeProvider time) => new(provider, time, ownsProvider: false);

    public string DefaultScope => Provider.Kind == IdentityProviderKind.IdPorten ? "openid profile" : "openid profile email userid-feide";

    /// <summary>A valid authorization request; an override with a null value leaves that parameter out.</summary>
    public (Dictionary<string, string?> Parameters, string Verifier) NewAuthorizationRequest(IDictionary<string, string?>? overrides = null)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = DefaultScope,
            ["state"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["nonce"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                parameters.Remove(name);
            }
            else
            {
                parameters[name] = value;
            }
        }

        return (parameters, verifier);
    }

    public Task<HttpResponseMessage> GetAuthorizeAsync(IDictionary<string, string?> parameters) =>
        Http.GetAsync(QueryHelpers.AddQueryString($"{Issuer}/authorize", parameters), Ct);

    /// <summary>Posts the login page's form back, as the browser does when the person presses a button.</summary>
    public Task<HttpResponseMessage> PostLoginFormAsync(string loginPage, params (string Name, string Value)[] pressed) =>
        Http.PostAsync($"{Issuer}/authorize",
            new FormUrlEncodedContent(HiddenFields(loginPage).Concat(pressed.Select(p => KeyValuePair.Create(p.Name, p.Value)))), Ct);

    /// <summary>Opens the login page, picks <paramref name="identifier"/> and returns the answer to the client.</summary>
    public async Task<SignIn> SignInAsync(string identifier, IDictionary<string, string?>? overrides = null)
    {
        var (parameters, verifier) = NewAuthorizationRequest(overrides);
        var page = await ReadHtmlAsync(await GetAuthorizeAsync(parameters), HttpStatusCode.OK);
        var redirect = await PostLoginFormAsync(page, ("selected_user", identifier));
        var answer = ParseRedirect(redirect, parameters["redirect_uri"]!);
        Assert.False(answer.ContainsKey("error"), $"The sign-in failed: {answer.GetValueOrDefault("error")}");
        return new SignIn(answer["code"], answer["state"], answer["iss"], parameters["nonce"]!, verifier);
    }

    public Task<HttpResponseMessage> ExchangeAsync(SignIn signIn, ClientAuthentication authentication = ClientAuthentication.SecretBasic,
        string? verifier = null, string? secret = null, string redirectUri = RedirectUri)
    {
        var form = TokenForm(signIn, redirectUri);
        form["code_verifier"] = verifier ?? signIn.Verifier;
        return PostTokenAsync(form, authentication, ClientId, secret ?? ClientSecret);
    }

    /// <summary>The body of a correct authorization_code token request for <paramref name="signIn"/>, without client credentials.</summary>
    public static Dictionary<string, string> TokenForm(SignIn signIn, string redirectUri = RedirectUri) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = signIn.Code,
        ["redirect_uri"] = redirectUri,
        ["code_verifier"] = signIn.Verifier,
    };

    public async Task<HttpResponseMessage> PostTokenAsync(Dictionary<string, string> form, ClientAuthentication authentication,
        string clientId = ClientId, string secret = ClientSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Issuer}/token");
        if (authentication == ClientAuthentication.SecretBasic)
        {
            var credentials = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form = new Dictionary<string, string>(form) { ["client_id"] = clientId, ["client_secret"] = secret };
        }

        request.Content = new FormUrlEncodedContent(form);
        return await Http.SendAsync(request, Ct);
    }

    /// <summary>Signs in, exchanges the code and returns the token response.</summary>
    public async Task<(JsonElement Tokens, SignIn SignIn)> SignInAndExchangeAsync(string identifier,
        ClientAuthentication authentication = ClientAuthentication.SecretBasic, IDictionary<string, string?>? overrides = null)
    {
        var signIn = await SignInAsync(identifier, overrides);
        var response = await ExchangeAsync(signIn, authentication);
        return (await ReadJsonAsync(response, HttpStatusCode.OK), signIn);
    }

    /// <summary>Validates an id_token the way a relying party must: signature by the JWKS, issuer, audience, lifetime.</summary>
    public async Task<TokenValidationResult> ValidateIdTokenAsync(string idToken)
    {
        var jwks = new JsonWebKeySet(await Http.GetStringAsync($"{Issuer}/jwks", Ct));
        return await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
        });
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<string> ReadHtmlAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>Asserts a 302 to <paramref name="expectedTarget"/> and returns its query parameters.</summary>
    public static Dictionary<string, string> ParseRedirect(HttpResponseMessage response, string expectedTarget)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(expectedTarget, location.GetLeftPart(UriPartial.Path));
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>The hidden fields of the first form on a page (each form of the login page carries the same request).</summary>
    public static List<KeyValuePair<string, string>> HiddenFields(string html)
    {
        var firstForm = html[html.IndexOf("<form", StringComparison.Ordinal)..html.IndexOf("</form>", StringComparison.Ordinal)];
        return HiddenInput().Matches(firstForm)
            .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .ToList();
    }

    /// <summary>A loopback port free right now, for a server that must know its address before it starts.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (OwnsProvider)
        {
            await Provider.DisposeAsync();
        }
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();
}
