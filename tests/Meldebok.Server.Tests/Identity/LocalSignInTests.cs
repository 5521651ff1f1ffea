using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Tests.Usage;
using Microsoft.EntityFrameworkCore;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;

namespace Meldebok.Server.Tests.Identity;

/// <summary>The server with a public app registered for code + PKCE, and no reuse leeway for refresh tokens.</summary>
public sealed class TokenFlowApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    public const string ClientId = "test-app";
    public const string RedirectUri = "http://localhost/callback";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        RegisterTestClient(builder);
        builder.UseSetting("Auth:RefreshTokenReuseLeewaySeconds", "0");
        builder.UseSetting("Auth:LockoutMaxFailedAttempts", "3");
    }

    /// <summary>Registers the public client <see cref="CodeFlowSignIn"/> signs in through, for other test hosts too.</summary>
    public static void RegisterTestClient(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:Clients:0:ClientId", ClientId);
        builder.UseSetting("Auth:Clients:0:DisplayName", "Testappen");
        builder.UseSetting("Auth:Clients:0:RedirectUris:0", RedirectUri);
        builder.UseSetting("Auth:Clients:0:Scopes:0", ApiScopes.Api);
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

    /// <summary>An administrator of a new municipality with a local account, found by e-mail as the roster says; returns the user name.</summary>
    private async Task<string> CreateAdministratorAccountAsync()
    {
        var municipalityId = await app.CreateMunicipalityAsync();
        var email = Unique("admin");
        await app.WithDbAsync(async db =>
        {
            db.MunicipalityAdministrators.Add(new MunicipalityAdministrator(municipalityId) { GivenName = "Ada", FamilyName = "Admin", Email = email });
            return await db.SaveChangesAsync(Ct);
        });
        var userName = Unique("admin-account");
        await CreateAccountAsync(userName, email);
        return userName;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.test";

    /// <summary>Posts the sign-in form from <paramref name="path"/>; returns the response.</summary>
    internal static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string path, string userName, string password)
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
    public async Task Access_token_is_a_signed_jwt_that_says_who_the_person_is_and_nothing_more()
    {
        var userName = Unique("minimal");
        var email = Unique("e-post");
        var account = await CreateAccountAsync(userName, email);

        var accessToken = (await SignInWithCodeAsync(userName)).GetProperty("access_token").GetString()!;

        // Signed, not encrypted (a JWS has three parts, a JWE five): the holder can read it, so it carries no personal data
        // beyond the account id and the display name; roles and reach are derived from the roster per request.
        Assert.Equal(3, accessToken.Split('.').Length);
        var payload = Payload(accessToken);
        var claims = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(account.Id.ToString(), claims.GetProperty("sub").GetString());
        Assert.Equal("Test Testesen", claims.GetProperty("name").GetString());
        Assert.DoesNotContain(email, payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(userName, payload, StringComparison.OrdinalIgnoreCase);
        Assert.False(claims.TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Code_with_pkce_gives_tokens_whose_roles_come_from_the_roster_and_refresh_rotates()
    {
        var admin = await CreateAdministratorAccountAsync();
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
    public async Task A_sign_in_through_the_code_flow_is_counted_once_in_the_usage_statistics_and_a_refresh_not_at_all()
    {
        var userName = await CreateAdministratorAccountAsync();
        var administrator = await app.WithDbAsync(db => db.MunicipalityAdministrators
            .Where(a => a.Email == db.Users.Where(u => u.UserName == userName).Select(u => u.Email).Single())
            .Select(a => new { a.Id, a.MunicipalityId }).SingleAsync(Ct));

        var tokens = await SignInWithCodeAsync(userName);
        var refreshed = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenFlowApp.ClientId, ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()! });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        var signIn = new Usage.SeenEvent(UsageActions.SignIn, UsageChannels.Local, UsageRoles.Administrator, null, new DateOnly(2026, 9, 7), app.KeyOf(administrator.Id));
        Assert.Equal([signIn], await app.UsageEventsAsync(administrator.MunicipalityId));
        await SignInWithCodeAsync(userName);
        Assert.Equal([signIn, signIn], await app.UsageEventsAsync(administrator.MunicipalityId));
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

    [Fact]
    public async Task Account_with_totp_needs_the_right_code_after_the_password_and_a_wrong_code_is_refused()
    {
        var userName = Unique("totp");
        var user = await CreateAccountAsync(userName);
        var secret = await app.WithDbAsync(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
            var account = (await users.FindByIdAsync(user.Id.ToString()))!;
            Assert.True((await users.ResetAuthenticatorKeyAsync(account)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(account, true)).Succeeded);
            return (await users.GetAuthenticatorKeyAsync(account))!;
        });
        var client = app.BrowserLikeClient();

        var password = await PostSignInAsync(client, WebPaths.SignIn + "?returnUrl=%2Ftilgjengelighet", userName, Password);

        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var totpPage = Local(password.Headers.Location!);
        Assert.Equal(LocalSignIn.TotpPath + "?returnUrl=%2Ftilgjengelighet", totpPage);
        var (_, between) = await client.GetPageAsync("/");
        Assert.DoesNotContain("Logget inn som", between);

        var wrong = await PostTotpAsync(client, totpPage, Totp(secret, DateTimeOffset.UtcNow.AddMinutes(-10)));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Feil engangskode.", await wrong.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain("Logget inn som", (await client.GetPageAsync("/")).Html);

        // Identity checks authenticator codes against the real clock, not the application's TimeProvider.
        var right = await PostTotpAsync(client, totpPage, Totp(secret, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/tilgjengelighet", Local(right.Headers.Location!));
        Assert.Contains("Logget inn som Test Testesen", (await client.GetPageAsync("/")).Html);
    }

    [Fact]
    public async Task Totp_step_without_a_password_first_says_the_sign_in_has_expired()
    {
        var (status, html) = await app.BrowserLikeClient().GetPageAsync(LocalSignIn.TotpPath);

        Assert.Equal(200, status);
        Assert.Contains("Innloggingen har gått ut på tid. Logg inn på nytt.", html);
        Assert.DoesNotContain("name=\"Input.Code\"", html);
    }

    [Fact]
    public async Task Revoked_access_and_refresh_tokens_stop_working_at_once()
    {
        var userName = await CreateAdministratorAccountAsync();
        var tokens = await SignInWithCodeAsync(userName);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await CallSchoolsAsync(accessToken)).StatusCode);

        var revokeAccess = await RevokeAsync(accessToken, "access_token");

        Assert.Equal(HttpStatusCode.OK, revokeAccess.StatusCode);
        var refused = await CallSchoolsAsync(accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // The refresh token still works until it is revoked too.
        var refreshed = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenFlowApp.ClientId, ["refresh_token"] = refreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var rotated = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(rotated, "refresh_token")).StatusCode);
        var afterRevocation = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenFlowApp.ClientId, ["refresh_token"] = rotated });
        Assert.Equal(HttpStatusCode.BadRequest, afterRevocation.StatusCode);
        Assert.Equal("invalid_grant", (await afterRevocation.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_token_is_refused_once_its_authorization_is_revoked_its_entry_has_expired_or_its_entry_is_gone_and_each_check_shares_the_roster_read()
    {
        var userName = await CreateAdministratorAccountAsync();
        var kept = (await SignInWithCodeAsync(userName)).GetProperty("access_token").GetString()!;
        var ofRevokedAuthorization = (await SignInWithCodeAsync(userName)).GetProperty("access_token").GetString()!;
        var ofExpiredEntry = (await SignInWithCodeAsync(userName)).GetProperty("access_token").GetString()!;
        var ofDeletedEntry = (await SignInWithCodeAsync(userName)).GetProperty("access_token").GetString()!;
        foreach (var token in new[] { kept, ofRevokedAuthorization, ofExpiredEntry, ofDeletedEntry })
        {
            Assert.Equal(HttpStatusCode.OK, (await CallSchoolsAsync(token)).StatusCode);
        }

        var (revokedId, expiredId, deletedId) = (TokenId(ofRevokedAuthorization), TokenId(ofExpiredEntry), TokenId(ofDeletedEntry));

        // Each change is to the database alone, as another replica, an operator or the pruning job would make it: the
        // token itself still carries a valid signature and a lifetime that has not run out.
        await app.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(a => a.Id == db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Id == revokedId).Select(t => t.Authorization!.Id).Single())
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Status, OpenIddict.Abstractions.OpenIddictConstants.Statuses.Revoked), Ct));
        await app.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Id == expiredId)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.ExpirationDate, app.Time.GetUtcNow().UtcDateTime.AddMinutes(-1)), Ct));
        await app.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Id == deletedId).ExecuteDeleteAsync(Ct));

        foreach (var refused in new[] { ofRevokedAuthorization, ofExpiredEntry, ofDeletedEntry })
        {
            var response = await CallSchoolsAsync(refused);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // The token that was left alone still works, and its check costs no round trip of its own: the entry and its
        // authorization come with the roster roles (one statement), then the schools' count and page.
        using var counter = new Infrastructure.NpgsqlCommandCounter();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kept);
        var (schools, trips) = await counter.CountAsync(client, c => c.GetAsync("/api/v1/admin/schools", Ct));
        Assert.Equal(HttpStatusCode.OK, schools.StatusCode);
        Assert.True(trips == 3, $"{trips} round trips:\n{counter.Statements}");
        Assert.Contains("oidc_tokens", counter.Statements.Split("\n---\n")[0], StringComparison.Ordinal);
    }

    /// <summary>The decoded payload of a signed JWT.</summary>
    private static string Payload(string jwt)
    {
        var part = jwt.Split('.')[1];
        return Encoding.UTF8.GetString(Convert.FromBase64String(part.Replace('-', '+').Replace('_', '/').PadRight((part.Length + 3) / 4 * 4, '=')));
    }

    /// <summary>The id of the access token's entry, from its <c>oi_tkn_id</c> claim.</summary>
    private static string TokenId(string accessToken) => JsonDocument.Parse(Payload(accessToken)).RootElement.GetProperty("oi_tkn_id").GetString()!;

    private Task<HttpResponseMessage> RevokeAsync(string token, string hint) => TokenEndpointAsync("/connect/revoke", new()
    {
        ["client_id"] = TokenFlowApp.ClientId,
        ["token"] = token,
        ["token_type_hint"] = hint,
    });

    /// <summary>A redirect's target on this site, whether the header holds an absolute or a relative address.</summary>
    private static string Local(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>Posts the code on the second-factor page at <paramref name="path"/>.</summary>
    private static async Task<HttpResponseMessage> PostTotpAsync(HttpClient client, string path, string code)
    {
        var (status, html) = await client.GetPageAsync(path);
        Assert.Equal(200, status);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in-totp",
            ["__RequestVerificationToken"] = WebPageClient.AntiforgeryToken(html),
            ["Input.Code"] = code,
        }), Ct);
    }

    /// <summary>The RFC 6238 code an authenticator app shows at <paramref name="at"/> for the base32 <paramref name="secret"/>.</summary>
    private static string Totp(string secret, DateTimeOffset at)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(secret.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
#pragma warning disable CA5350 // Authenticator apps compute RFC 6238 codes with HMAC-SHA1, and so does Identity.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<JsonElement> SignInWithCodeAsync(string userName) => CodeFlowSignIn.SignInAsync(app, userName, Password);

    private static Dictionary<string, string> CodeRequest(string code, string verifier) => CodeFlowSignIn.CodeRequest(code, verifier);

    private Task<(string Code, string Verifier)> AuthorizeAsync(string userName) => CodeFlowSignIn.AuthorizeAsync(app, userName, Password);

    private Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> form) => TokenEndpointAsync("/connect/token", form);

    private Task<HttpResponseMessage> TokenEndpointAsync(string path, Dictionary<string, string> form) =>
        app.CreateClient().PostAsync(path, new FormUrlEncodedContent(form), Ct);

    private Task<HttpResponseMessage> CallSchoolsAsync(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.GetAsync("/api/v1/admin/schools", Ct);
    }


    /// <summary>The page without its per-request antiforgery token.</summary>
    private static string Strip(string html) => System.Text.RegularExpressions.Regex.Replace(html, "value=\"[^\"]{40,}\"", "");
}
