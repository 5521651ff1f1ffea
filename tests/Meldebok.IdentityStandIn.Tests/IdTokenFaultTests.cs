using Meldebok.IdentityStandIn.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Meldebok.IdentityStandIn.Tests;

public sealed class IdTokenFaultTests
{
    [Theory]
    [InlineData(IdTokenFault.WrongSignature, typeof(SecurityTokenInvalidSignatureException))]
    [InlineData(IdTokenFault.AlgorithmNone, typeof(SecurityTokenInvalidSignatureException))]
    [InlineData(IdTokenFault.WrongIssuer, typeof(SecurityTokenInvalidIssuerException))]
    [InlineData(IdTokenFault.WrongAudience, typeof(SecurityTokenInvalidAudienceException))]
    [InlineData(IdTokenFault.Expired, typeof(SecurityTokenExpiredException))]
    public async Task Fault_makes_the_next_id_token_fail_validation_and_the_one_after_is_valid_again(IdTokenFault fault, Type expected)
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        idp.Provider.NextIdTokenFault = fault;

        var faulty = await IdTokenAsync(idp);
        var next = await IdTokenAsync(idp);

        var rejected = await idp.ValidateIdTokenAsync(faulty);
        Assert.False(rejected.IsValid);
        Assert.IsType(expected, rejected.Exception, exactMatch: false);
        Assert.Equal(IdTokenFault.None, idp.Provider.NextIdTokenFault);
        var accepted = await idp.ValidateIdTokenAsync(next);
        Assert.True(accepted.IsValid, accepted.Exception?.Message);
    }

    [Fact]
    public async Task Wrong_signature_keeps_the_published_key_id_so_only_the_signature_check_catches_it()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);
        idp.Provider.NextIdTokenFault = IdTokenFault.WrongSignature;

        var token = new JsonWebToken(await IdTokenAsync(idp, StandInHarness.ListedFeideId));

        Assert.Equal(idp.Provider.SigningKeyId, token.Kid);
        Assert.Equal("RS256", token.Alg);
    }

    [Fact]
    public async Task Missing_nonce_fault_leaves_the_nonce_out_of_an_otherwise_valid_token()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        idp.Provider.NextIdTokenFault = IdTokenFault.MissingNonce;

        var validated = await idp.ValidateIdTokenAsync(await IdTokenAsync(idp));

        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.False(validated.Claims.ContainsKey("nonce"));
    }

    [Fact]
    public async Task Wrong_nonce_fault_answers_a_nonce_the_client_did_not_send()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        idp.Provider.NextIdTokenFault = IdTokenFault.WrongNonce;
        var (tokens, signIn) = await idp.SignInAndExchangeAsync(StandInHarness.ListedPid);

        var validated = await idp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);

        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.False(string.IsNullOrEmpty((string)validated.Claims["nonce"]));
        Assert.NotEqual(signIn.Nonce, validated.Claims["nonce"]);
    }

    [Theory]
    [InlineData(IdentityProviderKind.IdPorten, "pid")]
    [InlineData(IdentityProviderKind.Feide, "https://n.feide.no/claims/eduPersonPrincipalName")]
    public async Task Missing_person_identifier_fault_leaves_out_the_claim_the_client_maps_the_person_by(IdentityProviderKind kind, string claim)
    {
        await using var idp = await StandInHarness.StartAsync(kind);
        var identifier = kind == IdentityProviderKind.IdPorten ? StandInHarness.ListedPid : StandInHarness.ListedFeideId;
        var before = await idp.ValidateIdTokenAsync(await IdTokenAsync(idp, identifier));
        idp.Provider.NextIdTokenFault = IdTokenFault.MissingPersonIdentifier;

        var validated = await idp.ValidateIdTokenAsync(await IdTokenAsync(idp, identifier));

        Assert.Equal(identifier, before.Claims[claim]);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.False(validated.Claims.ContainsKey(claim));
    }

    [Fact]
    public async Task Faults_combine()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        idp.Provider.NextIdTokenFault = IdTokenFault.WrongAudience | IdTokenFault.MissingPersonIdentifier;

        var token = new JsonWebToken(await IdTokenAsync(idp));

        Assert.Equal(["en-annen-klient"], token.Audiences);
        Assert.False(token.TryGetClaim("pid", out _));
        Assert.Equal(idp.Issuer, token.Issuer);
    }

    private static async Task<string> IdTokenAsync(StandInHarness idp, string identifier = StandInHarness.ListedPid)
    {
        var (tokens, _) = await idp.SignInAndExchangeAsync(identifier);
        return tokens.GetProperty("id_token").GetString()!;
    }
}
