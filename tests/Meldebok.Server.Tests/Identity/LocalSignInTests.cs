using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Identity;

/// <summary>The server with a public app registered for code + PKCE, and no reuse leeway for refresh tokens.</summary>
public sealed class TokenFlowApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    public const string ClientId = "test-app";
    public const string RedirectUri = "http://localhost/callback";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Clients:0:ClientId", ClientId);
        builder.UseSetting("Auth:Clients:0:DisplayName", "Testappen");
        builder.UseSetting("Auth:Clients:0:RedirectUris:0", RedirectUri);
        builder.UseSetting("Auth:Clients:0:Scopes:0", ApiScopes.Api);
        builder.UseSetting("Auth:RefreshTokenReuseLeewaySeconds", "0");
        builder.UseSetting("Auth:LockoutMaxFailedAttempts", "3");
    }
}

public sealed class LocalSignInTests(TokenFlowApp app) : IClassFixture<TokenFlowApp>
{
    private const string Password = "Et-langt-testpassord-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<MeldebokUser> CreateAccountAsync(string userName, string? email = null) => app.WithDbAsync(async _ =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        var (created, errors) = await LocalAccounts.CreateAsync(users, app.Time, new NewAccount(userName, "Test Testesen", Email: email), Password);
        Assert.True(created, string.Join(" ", errors));
        return (await users.FindByNameAsync(userName))!;
    });

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.test";

    /// <summary>Posts the sign-in form from <paramref name="path"/>; returns the response.</summary>
    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string path, string userName, string password)
    {
        var (status, html) = await client.GetPageAsync(path);
        Assert.Equal(200, status);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = WebPageClient.AntiforgeryToken(html),
            ["Input.Username"] = userName,
            ["Input.Password"] = password,
        }), Ct);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_answer_and_failures_lock_the_account()
    {
        var userName = Unique("lockout");
        await CreateAccountAsync(userName);
        var client = app.BrowserLikeClient();

        var wrongPassword = await (await PostSignInAsync(client, WebPaths.SignIn, userName, "feil-passord-123")).Content.ReadAsStringAsync(Ct);
        var unknownUser = await (await PostSignInAsync(client, WebPaths.SignIn, Unique("nobody"), "feil-passord-123")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Feil brukernavn eller passord.", wrongPassword);
        Assert.Equal(Strip(wrongPassword), Strip(unknownUser));

        await PostSignInAsync(client, WebPaths.SignIn, userName, "feil-passord-123");
        await PostSignInAsync(client, WebPaths.SignIn, userName, "feil-passord-123");
        var correctButLocked = await PostSignInAsync(client, WebPaths.SignIn, userName, Password);
        Assert.Equal(HttpStatusCode.OK, correctButLocked.StatusCode);
        var html = await correctButLocked.Content.ReadAsStringAsync(Ct);
        Assert.Contains("midlertidig låst", html);
        Assert.DoesNotContain("meldebok=", string.Join(";", correctButLocked.Headers.TryGetValues("Set-Cookie", out var c) ? c : []));
    }

    [Fact]
    public async Task Successful_sign_in_goes_to_a_local_return_url_only_and_sign_out_ends_the_session()
    {
        var userName = Unique("local");
        await CreateAccountAsync(userName);
        var client = app.BrowserLikeClient();

        var signedIn = await PostSignInAsync(client, WebPaths.SignIn + "?returnUrl=https%3A%2F%2Fevil.example%2F", userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.IsAbsoluteUri ? signedIn.Headers.Location.AbsolutePath : signedIn.Headers.Location.OriginalString);
        var (_, home) = await client.GetPageAsync("/");
        Assert.Contains("Logget inn som Test Testesen", home);
        var stored = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == userName)));
        Assert.Equal(app.Time.GetUtcNow(), stored.LastSignInAt);

        var signOut = await client.PostAsync(WebPaths.SignOut, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebPageClient.AntiforgeryToken(home),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var (_, after) = await client.GetPageAsync("/");
        Assert.DoesNotContain("Logget inn som", after);
    }

    [Fact]
    public async Task Code_with_pkce_gives_tokens_whose_roles_come_from_the_roster_and_refresh_rotates()
    {
        var municipalityId = await app.CreateMunicipalityAsync();
        var email = Unique("admin");
        await app.WithDbAsync(async db =>
        {
            db.MunicipalityAdministrators.Add(new MunicipalityAdministrator(municipalityId) { GivenName = "Ada", FamilyName = "Admin", Email = email });
            return await db.SaveChangesAsync(Ct);
        });
        var admin = Unique("admin-account");
        await CreateAccountAsync(admin, email);
        var nobody = Unique("no-role");
        await CreateAccountAsync(nobody);

        var adminTokens = await SignInWithCodeAsync(admin);
        var noRoleTokens = await SignInWithCodeAsync(nobody);

        Assert.Equal(HttpStatusCode.OK, (await CallSchoolsAsync(adminTokens.GetProperty("access_token").GetString()!)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CallSchoolsAsync(noRoleTokens.GetProperty("access_token").GetString()!)).StatusCode);

        var oldRefresh = adminTokens.GetProperty("refresh_token").GetString()!;
        var refreshed = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenFlowApp.ClientId, ["refresh_token"] = oldRefresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var newRefresh = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("refresh_token").GetString();
        Assert.NotEqual(oldRefresh, newRefresh);

        app.Time.Advance(TimeSpan.FromSeconds(1));
        var reused = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenFlowApp.ClientId, ["refresh_token"] = oldRefresh });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", (await reused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_wrong_pkce_verifier_fails_and_a_code_is_single_use()
    {
        var userName = Unique("pkce");
        await CreateAccountAsync(userName);
        var (code, verifier) = await AuthorizeAsync(userName);

        var wrong = await TokenAsync(CodeRequest(code, verifier + "x"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        // A failed redemption spends the code too; sign in again for a fresh one and use it twice.
        var (fresh, freshVerifier) = await AuthorizeAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(CodeRequest(fresh, freshVerifier))).StatusCode);
        var again = await TokenAsync(CodeRequest(fresh, freshVerifier));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());
    }

    private async Task<JsonElement> SignInWithCodeAsync(string userName)
    {
        var (code, verifier) = await AuthorizeAsync(userName);
        var response = await TokenAsync(CodeRequest(code, verifier));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static Dictionary<string, string> CodeRequest(string code, string verifier) => new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = TokenFlowApp.ClientId,
        ["redirect_uri"] = TokenFlowApp.RedirectUri,
        ["code"] = code,
        ["code_verifier"] = verifier,
    };

    /// <summary>GET /connect/authorize → the sign-in page → credentials → back → the code.</summary>
    private async Task<(string Code, string Verifier)> AuthorizeAsync(string userName)
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

        var signedIn = await PostSignInAsync(client, loginPage, userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var back = signedIn.Headers.Location!;
        var callback = await client.GetAsync(back.IsAbsoluteUri ? back.PathAndQuery : back.OriginalString, Ct);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var query = QueryHelpers.ParseQuery(callback.Headers.Location!.Query);
        Assert.StartsWith(TokenFlowApp.RedirectUri, callback.Headers.Location.ToString());
        return (query["code"].ToString(), verifier);
    }

    private Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> form) =>
        app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(form), Ct);

    private Task<HttpResponseMessage> CallSchoolsAsync(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.GetAsync("/api/v1/admin/schools", Ct);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The page without its per-request antiforgery token.</summary>
    private static string Strip(string html) => System.Text.RegularExpressions.Regex.Replace(html, "value=\"[^\"]{40,}\"", "");
}
