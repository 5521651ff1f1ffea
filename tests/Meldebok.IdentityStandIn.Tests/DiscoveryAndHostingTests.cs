using System.Net;
using System.Text.Json;
using Meldebok.IdentityStandIn.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Meldebok.IdentityStandIn.Tests;

public sealed class DiscoveryAndHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(IdentityProviderKind.IdPorten)]
    [InlineData(IdentityProviderKind.Feide)]
    public async Task Discovery_document_advertises_what_an_OpenID_Connect_client_needs(IdentityProviderKind kind)
    {
        await using var idp = await StandInHarness.StartAsync(kind);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", idp.Issuer);

        var document = await StandInHarness.ReadJsonAsync(await idp.Http.GetAsync($"{idp.Issuer}/.well-known/openid-configuration", Ct), HttpStatusCode.OK);

        Assert.Equal(idp.Issuer, document.GetProperty("issuer").GetString());
        foreach (var (member, path) in new[] { ("authorization_endpoint", "/authorize"), ("token_endpoint", "/token"),
                     ("userinfo_endpoint", "/userinfo"), ("end_session_endpoint", "/endsession"), ("jwks_uri", "/jwks") })
        {
            Assert.Equal(idp.Issuer + path, document.GetProperty(member).GetString());
        }

        Assert.Equal(["code"], Strings(document, "response_types_supported"));
        Assert.Equal(["query", "form_post"], Strings(document, "response_modes_supported"));
        Assert.Equal(["authorization_code"], Strings(document, "grant_types_supported"));
        Assert.Equal(["S256"], Strings(document, "code_challenge_methods_supported"));
        Assert.Equal(["RS256"], Strings(document, "id_token_signing_alg_values_supported"));
        Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(document, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["pairwise"], Strings(document, "subject_types_supported"));
        Assert.True(document.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        if (kind == IdentityProviderKind.IdPorten)
        {
            Assert.Equal(["openid", "profile"], Strings(document, "scopes_supported"));
            Assert.Contains("pid", Strings(document, "claims_supported"));
            Assert.Equal(["idporten-loa-substantial", "idporten-loa-high"], Strings(document, "acr_values_supported"));
        }
        else
        {
            Assert.Contains("userid-feide", Strings(document, "scopes_supported"));
            Assert.Contains("https://n.feide.no/claims/eduPersonPrincipalName", Strings(document, "claims_supported"));
            Assert.False(document.TryGetProperty("acr_values_supported", out _));
        }
    }

    [Fact]
    public async Task Jwks_publishes_only_the_public_RSA_key_under_its_key_id()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);

        var jwks = await StandInHarness.ReadJsonAsync(await idp.Http.GetAsync($"{idp.Issuer}/jwks", Ct), HttpStatusCode.OK);

        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal(idp.Provider.SigningKeyId, key.GetProperty("kid").GetString());
        Assert.Equal(256, Convert.FromBase64String(Base64Padded(key.GetProperty("n").GetString()!)).Length);
        Assert.False(key.TryGetProperty("d", out _), "The private exponent must never be published.");
    }

    [Fact]
    public async Task Each_instance_without_a_given_key_signs_with_its_own_fresh_key()
    {
        var options = StandInHarness.Options(IdentityProviderKind.IdPorten, new FakeTimeProvider()) with { SigningKey = null };
        await using var first = await StandInIdentityProvider.StartAsync(options, Ct);
        await using var second = await StandInIdentityProvider.StartAsync(options, Ct);
        await using var shared = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);

        Assert.NotEqual(first.SigningKeyId, second.SigningKeyId);
        Assert.NotEqual(first.SigningKeyId, shared.Provider.SigningKeyId);
        Assert.NotEqual(first.Issuer, second.Issuer);
    }

    [Fact]
    public async Task Provider_started_on_a_given_port_uses_it_in_its_issuer()
    {
        var port = StandInHarness.FreeLoopbackPort();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = await StandInIdentityProvider.StartAsync(
            StandInHarness.Options(IdentityProviderKind.Feide, time) with { Port = port }, Ct);
        await using var idp = StandInHarness.For(provider, time);

        Assert.Equal($"http://127.0.0.1:{port}", provider.Issuer);
        var signIn = await idp.SignInAsync(StandInHarness.ListedFeideId);
        Assert.Equal(provider.Issuer, signIn.Iss);
    }

    [Fact]
    public async Task Provider_mapped_into_an_existing_host_serves_the_whole_flow_under_its_path()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/", () => "Meldebok");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = app.MapStandInIdentityProvider("/idporten", StandInHarness.Options(IdentityProviderKind.IdPorten, time));
        await app.StartAsync(Ct);
        await using var idp = StandInHarness.For(provider, time);

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/idporten$", provider.Issuer);
        var document = await StandInHarness.ReadJsonAsync(await idp.Http.GetAsync($"{provider.Issuer}/.well-known/openid-configuration", Ct), HttpStatusCode.OK);
        Assert.Equal(provider.Issuer, document.GetProperty("issuer").GetString());
        Assert.Equal($"{provider.Issuer}/token", document.GetProperty("token_endpoint").GetString());

        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedPid);
        var validated = await idp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.Equal("Meldebok", await idp.Http.GetStringAsync(provider.Issuer.Replace("/idporten", "/", StringComparison.Ordinal), Ct));
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task Options_with_a_test_user_of_the_wrong_form_are_refused_at_start()
    {
        var options = StandInHarness.Options(IdentityProviderKind.IdPorten, new FakeTimeProvider()) with
        {
            Users = [StandInUser.IdPorten("1234", "For kort")],
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => StandInIdentityProvider.StartAsync(options, Ct));
        Assert.Contains("1234", error.Message, StringComparison.Ordinal);
    }

    private static string[] Strings(JsonElement document, string member) =>
        document.GetProperty(member).EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static string Base64Padded(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }
}
