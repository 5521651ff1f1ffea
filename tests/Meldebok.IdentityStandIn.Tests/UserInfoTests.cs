using System.Net;
using System.Net.Http.Headers;
using Meldebok.IdentityStandIn.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Meldebok.IdentityStandIn.Tests;

public sealed class UserInfoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IdPorten_userinfo_answers_the_same_subject_and_the_pid()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedPid);

        var response = await GetUserInfoAsync(idp, tokens.GetProperty("access_token").GetString()!);

        var claims = await StandInHarness.ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(new JsonWebToken(tokens.GetProperty("id_token").GetString()).Subject, claims.GetProperty("sub").GetString());
        Assert.Equal(StandInHarness.ListedPid, claims.GetProperty("pid").GetString());
        Assert.Equal("nb", claims.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task Feide_userinfo_answers_the_user_id_name_and_email()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);
        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedFeideId);

        var claims = await StandInHarness.ReadJsonAsync(await GetUserInfoAsync(idp, tokens.GetProperty("access_token").GetString()!), HttpStatusCode.OK);

        Assert.Equal(StandInHarness.ListedFeideId, claims.GetProperty("https://n.feide.no/claims/eduPersonPrincipalName").GetString());
        Assert.Equal("Kari Nordmann", claims.GetProperty("name").GetString());
        Assert.Equal("kari.nordmann@trondheim.kommune.no", claims.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Userinfo_without_a_token_asks_for_a_bearer_token()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);

        var response = await idp.Http.GetAsync($"{idp.Issuer}/userinfo", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task Userinfo_refuses_an_unknown_or_expired_access_token()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedPid);
        var accessToken = tokens.GetProperty("access_token").GetString()!;

        var unknown = await GetUserInfoAsync(idp, "ukjent-token");
        idp.Time.Advance(TimeSpan.FromMinutes(10));
        var expired = await GetUserInfoAsync(idp, accessToken);

        foreach (var response in new[] { unknown, expired })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task End_session_returns_to_the_registered_post_logout_redirect_uri_with_state()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedPid);

        var response = await idp.Http.GetAsync(QueryHelpers.AddQueryString($"{idp.Issuer}/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.GetProperty("id_token").GetString(),
            ["post_logout_redirect_uri"] = StandInHarness.PostLogoutRedirectUri,
            ["state"] = "utlogging-1",
        }), Ct);

        var answer = StandInHarness.ParseRedirect(response, StandInHarness.PostLogoutRedirectUri);
        Assert.Equal("utlogging-1", answer["state"]);
    }

    [Fact]
    public async Task End_session_with_client_id_instead_of_a_hint_also_returns()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);

        var response = await idp.Http.GetAsync(QueryHelpers.AddQueryString($"{idp.Issuer}/endsession", new Dictionary<string, string?>
        {
            ["client_id"] = StandInHarness.ClientId,
            ["post_logout_redirect_uri"] = StandInHarness.PostLogoutRedirectUri,
        }), Ct);

        Assert.Empty(StandInHarness.ParseRedirect(response, StandInHarness.PostLogoutRedirectUri));
    }

    [Fact]
    public async Task End_session_without_a_return_address_shows_that_the_person_is_logged_out()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);

        var page = await StandInHarness.ReadHtmlAsync(await idp.Http.GetAsync($"{idp.Issuer}/endsession", Ct), HttpStatusCode.OK);

        Assert.Contains("<h1>Du er logget ut</h1>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_session_never_redirects_to_an_unregistered_address_or_on_a_foreign_hint()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var otherTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var otherProvider = await StandInIdentityProvider.StartAsync(
            StandInHarness.Options(IdentityProviderKind.IdPorten, otherTime) with { SigningKey = null }, Ct);
        await using var other = StandInHarness.For(otherProvider, otherTime);
        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedPid);
        var (foreignTokens, _) = await other.SignInAndExchangeAsync(StandInHarness.ListedPid);

        var unregistered = await idp.Http.GetAsync(QueryHelpers.AddQueryString($"{idp.Issuer}/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.GetProperty("id_token").GetString(),
            ["post_logout_redirect_uri"] = "http://127.0.0.1:6666/ut",
        }), Ct);
        var foreignHint = await idp.Http.GetAsync(QueryHelpers.AddQueryString($"{idp.Issuer}/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = foreignTokens.GetProperty("id_token").GetString(),
            ["post_logout_redirect_uri"] = StandInHarness.PostLogoutRedirectUri,
        }), Ct);

        foreach (var response in new[] { unregistered, foreignHint })
        {
            var page = await StandInHarness.ReadHtmlAsync(response, HttpStatusCode.BadRequest);
            Assert.Null(response.Headers.Location);
            Assert.Contains("<h1>Vi kan ikke fullføre forespørselen</h1>", page, StringComparison.Ordinal);
        }
    }

    internal static async Task<HttpResponseMessage> GetUserInfoAsync(StandInHarness idp, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{idp.Issuer}/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await idp.Http.SendAsync(request, Ct);
    }
}
