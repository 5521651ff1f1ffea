using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Web;

namespace Meldebok.Server.Tests.Processes;

/// <summary>
/// Signs a local account in to a server process over real HTTP, as a person does: the sign-in form (user name and
/// password, with its antiforgery token) for the web UI's cookie, and authorization code + PKCE through that form and
/// the token endpoint for an API access token (the client <see cref="ClientId"/> the processes register).
/// </summary>
internal static class ProcessSignIn
{
    public const string ClientId = "meldebok-process-tests";
    public const string RedirectUri = "http://127.0.0.1/process-tests-callback";
    public const string Password = "Et-langt-prosesstestpassord-1";

    /// <summary>The settings that register <see cref="ClientId"/> on a server process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ClientSettings() =>
    [
        new("Auth:Clients:0:ClientId", ClientId),
        new("Auth:Clients:0:DisplayName", "Prosesstester"),
        new("Auth:Clients:0:RedirectUris:0", RedirectUri),
        new("Auth:Clients:0:Scopes:0", "meldebok.api"),
    ];

    /// <summary>
    /// Gets the sign-in form (<paramref name="path"/>: the sign-in page, with the query the server redirected to it with)
    /// from <paramref name="formFrom"/> and posts it to <paramref name="postTo"/>; the session cookie lands in <paramref name="cookies"/>.
    /// </summary>
    public static async Task SignInWithFormAsync(Uri formFrom, Uri postTo, string userName, CookieContainer cookies, string path = WebPaths.SignIn, string password = Password)
    {
        using var fromClient = Browser(formFrom, cookies);
        using var toClient = Browser(postTo, cookies);
        var form = await fromClient.GetStringAsync(path);
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = WebPageClient.AntiforgeryToken(form),
            ["Input.Username"] = userName,
            ["Input.Password"] = password,
        });
        var signedIn = await toClient.PostAsync(path, body);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"The sign-in form answered {(int)signedIn.StatusCode}.");
    }

    /// <summary>An access token for <paramref name="userName"/>: code + PKCE against <paramref name="server"/>.</summary>
    public static async Task<string> AccessTokenAsync(Uri server, string userName, string password = Password)
    {
        var cookies = new CookieContainer();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid meldebok.api",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "process-tests",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        using var client = Browser(server, cookies);
        var signInPage = await client.GetAsync(authorize);
        Assert.True(signInPage.StatusCode == HttpStatusCode.Redirect, $"The authorization endpoint answered {(int)signInPage.StatusCode}.");
        await SignInWithFormAsync(server, server, userName, cookies, signInPage.Headers.Location!.OriginalString, password);
        var callback = await client.GetAsync(authorize);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"The authorization endpoint answered {(int)callback.StatusCode}.");
        var code = callback.Headers.Location!.Query.TrimStart('?').Split('&')
            .Select(p => p.Split('=', 2))
            .Single(p => p[0] == "code")[1];

        using var tokenRequest = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["code"] = Uri.UnescapeDataString(code),
            ["code_verifier"] = verifier,
        });
        var token = await client.PostAsync("/connect/token", tokenRequest);
        Assert.True(token.StatusCode == HttpStatusCode.OK, $"The token endpoint answered {(int)token.StatusCode}: {await token.Content.ReadAsStringAsync()}");
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (the tests look at them).</summary>
    public static HttpClient Browser(Uri server, CookieContainer cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
