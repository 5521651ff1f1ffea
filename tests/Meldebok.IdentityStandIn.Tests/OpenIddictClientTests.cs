using System.Net;
using Meldebok.IdentityStandIn.Tests.Infrastructure;

namespace Meldebok.IdentityStandIn.Tests;

/// <summary>The OpenIddict 7 client, as Meldebok uses it, signs in against the stand-in and rejects each id_token fault.</summary>
public sealed class OpenIddictClientTests
{
    [Fact]
    public async Task OpenIddict_client_signs_a_guardian_in_through_the_IdPorten_stand_in()
    {
        await using var relyingParty = await OpenIddictRelyingParty.StartAsync(IdentityProviderKind.IdPorten, ["openid", "profile"]);

        var (status, claims) = await relyingParty.SignInAsync(StandInHarness.ListedPid);

        Assert.True(status == HttpStatusCode.OK, string.Join(", ", claims.Select(c => $"{c.Key}={c.Value}")));
        Assert.Equal(StandInHarness.ListedPid, claims["pid"]);
        Assert.Equal("idporten-loa-substantial", claims["acr"]);
        Assert.Equal(relyingParty.Provider.Issuer, claims["iss"].TrimEnd('/'));
    }

    [Fact]
    public async Task OpenIddict_client_signs_a_staff_member_in_through_the_Feide_stand_in()
    {
        await using var relyingParty = await OpenIddictRelyingParty.StartAsync(IdentityProviderKind.Feide, ["openid", "userid-feide", "profile", "email"]);

        var (status, claims) = await relyingParty.SignInAsync(StandInHarness.ListedFeideId);

        Assert.True(status == HttpStatusCode.OK, string.Join(", ", claims.Select(c => $"{c.Key}={c.Value}")));
        Assert.Equal(StandInHarness.ListedFeideId, claims["https://n.feide.no/claims/eduPersonPrincipalName"]);
        Assert.Equal("Kari Nordmann", claims["name"]);
    }

    [Theory]
    [InlineData(IdTokenFault.WrongSignature)]
    [InlineData(IdTokenFault.AlgorithmNone)]
    [InlineData(IdTokenFault.WrongIssuer)]
    [InlineData(IdTokenFault.WrongAudience)]
    [InlineData(IdTokenFault.Expired)]
    [InlineData(IdTokenFault.MissingNonce)]
    [InlineData(IdTokenFault.WrongNonce)]
    public async Task OpenIddict_client_rejects_the_faulty_id_token(IdTokenFault fault)
    {
        await using var relyingParty = await OpenIddictRelyingParty.StartAsync(IdentityProviderKind.IdPorten, ["openid"]);
        relyingParty.Provider.NextIdTokenFault = fault;

        var (status, body) = await relyingParty.SignInAsync(StandInHarness.ListedPid);
        var (statusAfter, _) = await relyingParty.SignInAsync(StandInHarness.ListedPid);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(string.IsNullOrEmpty(body["error"]));
        Assert.Equal(HttpStatusCode.OK, statusAfter);
    }

    [Fact]
    public async Task OpenIddict_client_accepts_an_expired_id_token_unless_its_lifetime_check_is_switched_on()
    {
        // A canary: when it fails, OpenIddict checks exp itself and Meldebok's extra setting can go.
        await using var relyingParty = await OpenIddictRelyingParty.StartAsync(IdentityProviderKind.IdPorten, ["openid"], validateIdTokenLifetime: false);
        relyingParty.Provider.NextIdTokenFault = IdTokenFault.Expired;

        var (status, _) = await relyingParty.SignInAsync(StandInHarness.ListedPid);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Missing_pid_reaches_the_application_without_pid_in_the_id_token_or_userinfo()
    {
        await using var relyingParty = await OpenIddictRelyingParty.StartAsync(IdentityProviderKind.IdPorten, ["openid"]);
        relyingParty.Provider.NextIdTokenFault = IdTokenFault.MissingPersonIdentifier;

        var (status, claims) = await relyingParty.SignInAsync(StandInHarness.ListedPid);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(claims.ContainsKey("pid"), "The application itself must refuse a sign-in without pid.");
        Assert.True(claims.ContainsKey("sub"));
    }
}
