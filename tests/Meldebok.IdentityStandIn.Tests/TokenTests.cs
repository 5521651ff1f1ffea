using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Meldebok.IdentityStandIn.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Meldebok.IdentityStandIn.Tests;

public sealed class TokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IdPorten_code_exchange_returns_an_id_token_signed_by_the_published_key_with_pid()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);

        var response = await idp.ExchangeAsync(signIn, ClientAuthentication.SecretBasic);

        var tokens = await StandInHarness.ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(600, tokens.GetProperty("expires_in").GetInt32());
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var validated = await idp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        var token = (JsonWebToken)validated.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(idp.Provider.SigningKeyId, token.Kid);
        Assert.Equal(StandInHarness.ListedPid, validated.Claims["pid"]);
        Assert.Equal(signIn.Nonce, validated.Claims["nonce"]);
        Assert.Equal("idporten-loa-substantial", validated.Claims["acr"]);
        Assert.Equal("TestID", validated.Claims["amr"]);
        Assert.Equal("nb", validated.Claims["locale"]);
        Assert.False(string.IsNullOrEmpty(token.GetClaim("sid").Value));
        Assert.NotEqual(StandInHarness.ListedPid, token.Subject);
        Assert.Equal(idp.Time.GetUtcNow().ToUnixTimeSeconds(), token.GetPayloadValue<long>("iat"));
        Assert.Equal(idp.Time.GetUtcNow().AddMinutes(2).ToUnixTimeSeconds(), token.GetPayloadValue<long>("exp"));
        // OpenID Connect Core 3.1.3.6: at_hash is the left half of SHA-256 of the access token.
        var expectedHash = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expectedHash, token.GetClaim("at_hash").Value);
        Assert.False(token.TryGetClaim("name", out _), "ID-porten does not give names.");
    }

    [Fact]
    public async Task Feide_code_exchange_with_client_secret_post_returns_the_Feide_user_id_name_and_email()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);

        var (tokens, signIn) = await idp.SignInAndExchangeAsync(StandInHarness.ListedFeideId, ClientAuthentication.SecretPost);

        var validated = await idp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.Equal(StandInHarness.ListedFeideId, validated.Claims["https://n.feide.no/claims/eduPersonPrincipalName"]);
        Assert.Equal("Kari Nordmann", validated.Claims["name"]);
        Assert.Equal("kari.nordmann@trondheim.kommune.no", validated.Claims["email"]);
        Assert.Equal(signIn.Nonce, validated.Claims["nonce"]);
        Assert.False(validated.Claims.ContainsKey("pid"));
        Assert.False(validated.Claims.ContainsKey("acr"));
    }

    [Fact]
    public async Task Feide_gives_the_user_id_only_for_the_userid_feide_scope()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);

        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedFeideId,
            overrides: new Dictionary<string, string?> { ["scope"] = "openid" });

        var validated = await idp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.False(validated.Claims.ContainsKey("https://n.feide.no/claims/eduPersonPrincipalName"));
        Assert.False(validated.Claims.ContainsKey("name"));
        Assert.False(validated.Claims.ContainsKey("email"));
    }

    [Fact]
    public async Task Subject_is_stable_for_a_person_at_a_client_and_differs_between_clients()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var first = await SubjectAsync(idp, StandInHarness.ListedPid);
        var second = await SubjectAsync(idp, StandInHarness.ListedPid);
        var otherPerson = await SubjectAsync(idp, "01010112345");

        var atOtherClient = await idp.SignInAsync(StandInHarness.ListedPid, new Dictionary<string, string?>
        {
            ["client_id"] = StandInHarness.OtherClientId,
            ["redirect_uri"] = StandInHarness.OtherRedirectUri,
        });
        var otherTokens = await StandInHarness.ReadJsonAsync(await idp.PostTokenAsync(StandInHarness.TokenForm(atOtherClient, StandInHarness.OtherRedirectUri),
            ClientAuthentication.SecretPost, StandInHarness.OtherClientId, StandInHarness.OtherClientSecret), HttpStatusCode.OK);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherPerson);
        Assert.NotEqual(first, new JsonWebToken(otherTokens.GetProperty("id_token").GetString()).Subject);
    }

    [Fact]
    public async Task Verifier_from_RFC_7636_appendix_B_matches_its_challenge()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid,
            new Dictionary<string, string?> { ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" });

        var response = await idp.ExchangeAsync(signIn, verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        await StandInHarness.ReadJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_code_verifier_is_invalid_grant_and_uses_the_code_up()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);

        await AssertTokenErrorAsync(await idp.ExchangeAsync(signIn, verifier: new string('a', 43)), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertTokenErrorAsync(await idp.ExchangeAsync(signIn), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Reused_code_is_refused_and_revokes_the_access_token_it_gave()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);
        var tokens = await StandInHarness.ReadJsonAsync(await idp.ExchangeAsync(signIn), HttpStatusCode.OK);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await UserInfoTests.GetUserInfoAsync(idp, accessToken)).StatusCode);

        await AssertTokenErrorAsync(await idp.ExchangeAsync(signIn), HttpStatusCode.BadRequest, "invalid_grant");

        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoTests.GetUserInfoAsync(idp, accessToken)).StatusCode);
    }

    [Fact]
    public async Task Code_expires_after_60_seconds()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var inTime = await idp.SignInAsync(StandInHarness.ListedPid);
        var late = await idp.SignInAsync(StandInHarness.ListedPid);

        idp.Time.Advance(TimeSpan.FromSeconds(59));
        await StandInHarness.ReadJsonAsync(await idp.ExchangeAsync(inTime), HttpStatusCode.OK);
        idp.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertTokenErrorAsync(await idp.ExchangeAsync(late), HttpStatusCode.BadRequest, "invalid_grant", "expired");
    }

    [Theory]
    [InlineData(ClientAuthentication.SecretBasic)]
    [InlineData(ClientAuthentication.SecretPost)]
    public async Task Wrong_client_secret_is_invalid_client_with_401(ClientAuthentication authentication)
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);
        var signIn = await idp.SignInAsync(StandInHarness.ListedFeideId);

        var response = await idp.ExchangeAsync(signIn, authentication, secret: "feil-hemmelighet");

        await AssertTokenErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Token_request_without_client_authentication_is_invalid_client()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);

        var form = StandInHarness.TokenForm(signIn);
        form["client_id"] = StandInHarness.ClientId;

        var response = await idp.Http.PostAsync($"{idp.Issuer}/token", new FormUrlEncodedContent(form), Ct);

        await AssertTokenErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Using_two_client_authentication_methods_at_once_is_invalid_request()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);

        var form = StandInHarness.TokenForm(signIn);
        form["client_secret"] = StandInHarness.ClientSecret;

        var response = await idp.PostTokenAsync(form, ClientAuthentication.SecretBasic);

        await AssertTokenErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Code_issued_to_another_client_is_invalid_grant()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);

        var response = await idp.PostTokenAsync(StandInHarness.TokenForm(signIn), ClientAuthentication.SecretPost,
            StandInHarness.OtherClientId, StandInHarness.OtherClientSecret);

        await AssertTokenErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant", "another client");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/annen-adresse")]
    [InlineData(StandInHarness.OtherRedirectUri)]
    public async Task Redirect_uri_other_than_in_the_authorization_request_is_invalid_grant(string redirectUri)
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);

        var response = await idp.ExchangeAsync(signIn, redirectUri: redirectUri);

        await AssertTokenErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant", "redirect_uri");
    }

    [Theory]
    [InlineData("grant_type", "client_credentials", "unsupported_grant_type")]
    [InlineData("grant_type", null, "invalid_request")]
    [InlineData("code", null, "invalid_request")]
    [InlineData("code", "ukjent-kode", "invalid_grant")]
    [InlineData("code_verifier", null, "invalid_request")]
    public async Task Malformed_token_request_is_answered_with_the_RFC_6749_error(string parameter, string? value, string error)
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var signIn = await idp.SignInAsync(StandInHarness.ListedPid);
        var form = StandInHarness.TokenForm(signIn);
        if (value is null)
        {
            form.Remove(parameter);
        }
        else
        {
            form[parameter] = value;
        }

        await AssertTokenErrorAsync(await idp.PostTokenAsync(form, ClientAuthentication.SecretBasic), HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task Token_request_that_is_not_a_form_is_invalid_request()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);

        using var content = new StringContent("{\"grant_type\":\"authorization_code\"}", Encoding.UTF8, "application/json");
        var response = await idp.Http.PostAsync($"{idp.Issuer}/token", content, Ct);

        await AssertTokenErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    internal static async Task AssertTokenErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string? descriptionContains = null)
    {
        var body = await StandInHarness.ReadJsonAsync(response, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
        var description = body.GetProperty("error_description").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(description));
        if (descriptionContains is not null)
        {
            Assert.Contains(descriptionContains, description, StringComparison.Ordinal);
        }

        Assert.False(body.TryGetProperty("access_token", out _));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static async Task<string> SubjectAsync(StandInHarness idp, string identifier)
    {
        var (tokens, _) = await idp.SignInAndExchangeAsync(identifier);
        return new JsonWebToken(tokens.GetProperty("id_token").GetString()).Subject;
    }
}
