using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.WebUtilities;

namespace Meldebok.Server.Tests.Identity;

/// <summary>
/// Signs a local account in to the test host as the phone app does: authorization code + PKCE through the sign-in page,
/// then the token endpoint, for the public client <see cref="TokenFlowApp"/> registers.
/// </summary>
internal static class CodeFlowSignIn
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The token response (access, refresh and identity tokens) for <paramref name="userName"/>.</summary>
    public static async Task<JsonElement> SignInAsync(MeldebokApp app, string userName, string password)
    {
        var (code, verifier) = await AuthorizeAsync(app, userName, password);
        var response = await app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(CodeRequest(code, verifier)), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static Dictionary<string, string> CodeRequest(string code, string verifier) => new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = TokenFlowApp.ClientId,
        ["redirect_uri"] = TokenFlowApp.RedirectUri,
        ["code"] = code,
        ["code_verifier"] = verifier,
    };

    /// <summary>GET /connect/authorize → the sign-in page → credentials → back → the code.</summary>
    public static async Task<(string Code, string Verifier)> AuthorizeAsync(MeldebokApp app, string userName, string password)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var client = app.BrowserLikeClient();
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = TokenFlowApp.ClientId,
            ["redirect_uri"] = TokenFlowApp.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid offline_access " + ApiScopes.Api,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "abc",
        });

        var toLogin = await client.GetAsync(authorize, Ct);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        var loginPage = toLogin.Headers.Location!.PathAndQuery;
        Assert.StartsWith(WebPaths.SignIn, loginPage);

        var signedIn = await LocalSignInTests.PostSignInAsync(client, loginPage, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var back = signedIn.Headers.Location!;
        var callback = await client.GetAsync(back.IsAbsoluteUri ? back.PathAndQuery : back.OriginalString, Ct);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var query = QueryHelpers.ParseQuery(callback.Headers.Location!.Query);
        Assert.StartsWith(TokenFlowApp.RedirectUri, callback.Headers.Location.ToString());
        return (query["code"].ToString(), verifier);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
