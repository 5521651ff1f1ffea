using System.Net;
using Meldebok.IdentityStandIn.Tests.Infrastructure;

namespace Meldebok.IdentityStandIn.Tests;

public sealed class AuthorizeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_page_lists_the_test_persons_in_accessible_Norwegian_and_carries_the_request()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, _) = idp.NewAuthorizationRequest();

        var page = await StandInHarness.ReadHtmlAsync(await idp.GetAuthorizeAsync(parameters), HttpStatusCode.OK);

        Assert.Contains("<html lang=\"nb\">", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Logg inn med ID-porten</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\"", page, StringComparison.Ordinal);
        Assert.Contains("Logg inn som Kari Nordmann", page, StringComparison.Ordinal);
        Assert.Contains($"fødselsnummer {StandInHarness.ListedPid}", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"typed-user\">Fødselsnummer (11 siffer)</label>", page, StringComparison.Ordinal);
        Assert.Contains("<input id=\"typed-user\"", page, StringComparison.Ordinal);
        Assert.Contains(":focus-visible", page, StringComparison.Ordinal);
        Assert.Contains("Avbryt innloggingen", page, StringComparison.Ordinal);
        Assert.Equal(parameters.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key, p.Value!)),
            StandInHarness.HiddenFields(page).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Feide_login_page_asks_for_a_Feide_user_name()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);
        var (parameters, _) = idp.NewAuthorizationRequest();

        var page = await StandInHarness.ReadHtmlAsync(await idp.GetAuthorizeAsync(parameters), HttpStatusCode.OK);

        Assert.Contains("<h1>Logg inn med Feide</h1>", page, StringComparison.Ordinal);
        Assert.Contains(StandInHarness.ListedFeideId, page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"typed-user\">Feide-brukernavn</label>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_id", "ukjent-klient")]
    [InlineData("client_id", null)]
    [InlineData("redirect_uri", "http://127.0.0.1:5000/annen-adresse")]
    [InlineData("redirect_uri", "http://127.0.0.1:5000/signin-callback/")]
    [InlineData("redirect_uri", StandInHarness.OtherRedirectUri)]
    [InlineData("redirect_uri", null)]
    public async Task Request_without_a_trusted_client_and_redirect_uri_shows_an_error_page_and_never_redirects(string parameter, string? value)
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, _) = idp.NewAuthorizationRequest(new Dictionary<string, string?> { [parameter] = value });

        var response = await idp.GetAuthorizeAsync(parameters);

        var page = await StandInHarness.ReadHtmlAsync(response, HttpStatusCode.BadRequest);
        Assert.Null(response.Headers.Location);
        Assert.Contains("<html lang=\"nb\">", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Vi kan ikke fullføre forespørselen</h1>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("response_type", null, "invalid_request")]
    [InlineData("scope", "profile", "invalid_scope")]
    [InlineData("scope", "openid offline_access", "invalid_scope")]
    [InlineData("code_challenge", null, "invalid_request")]
    [InlineData("code_challenge_method", "plain", "invalid_request")]
    [InlineData("code_challenge_method", null, "invalid_request")]
    [InlineData("code_challenge", "for-kort", "invalid_request")]
    [InlineData("nonce", null, "invalid_request")]
    [InlineData("response_mode", "fragment", "invalid_request")]
    public async Task Bad_request_from_a_trusted_client_is_answered_on_its_redirect_uri_with_state_and_iss(string parameter, string? value, string error)
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, _) = idp.NewAuthorizationRequest(new Dictionary<string, string?> { [parameter] = value });

        var answer = StandInHarness.ParseRedirect(await idp.GetAuthorizeAsync(parameters), StandInHarness.RedirectUri);

        Assert.Equal(error, answer["error"]);
        Assert.Matches(@"^[\x20-\x21\x23-\x5B\x5D-\x7E]+$", answer["error_description"]);
        Assert.Equal(parameters["state"], answer["state"]);
        Assert.Equal(idp.Issuer, answer["iss"]);
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task Request_without_state_is_refused_on_the_redirect_uri()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);
        var (parameters, _) = idp.NewAuthorizationRequest(new Dictionary<string, string?> { ["state"] = null });

        var answer = StandInHarness.ParseRedirect(await idp.GetAuthorizeAsync(parameters), StandInHarness.RedirectUri);

        Assert.Equal("invalid_request", answer["error"]);
        Assert.False(answer.ContainsKey("state"));
    }

    [Fact]
    public async Task Repeated_parameter_is_refused()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, _) = idp.NewAuthorizationRequest();
        var url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{idp.Issuer}/authorize", parameters) + "&nonce=to";

        var answer = StandInHarness.ParseRedirect(await idp.Http.GetAsync(url, Ct), StandInHarness.RedirectUri);

        Assert.Equal("invalid_request", answer["error"]);
        Assert.Contains("nonce", answer["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_a_listed_person_redirects_with_a_code_the_state_and_the_issuer()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, _) = idp.NewAuthorizationRequest();
        var page = await StandInHarness.ReadHtmlAsync(await idp.GetAuthorizeAsync(parameters), HttpStatusCode.OK);

        var response = await idp.PostLoginFormAsync(page, ("selected_user", StandInHarness.ListedPid));

        var answer = StandInHarness.ParseRedirect(response, StandInHarness.RedirectUri);
        Assert.Equal(["code", "iss", "state"], answer.Keys.Order());
        Assert.Equal(parameters["state"], answer["state"]);
        Assert.Equal(idp.Issuer, answer["iss"]);
        Assert.True(answer["code"].Length >= 32);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Authorization_request_may_also_arrive_as_a_form_post()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, _) = idp.NewAuthorizationRequest();

        var response = await idp.Http.PostAsync($"{idp.Issuer}/authorize", new FormUrlEncodedContent(parameters), Ct);

        var page = await StandInHarness.ReadHtmlAsync(response, HttpStatusCode.OK);
        Assert.Contains("Logg inn som Kari Nordmann", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typed_national_identity_number_of_a_person_not_listed_is_accepted()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        const string notListed = "01010112345";

        var (tokens, _) = await idp.SignInAndExchangeAsync(notListed);

        var validated = await idp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.Equal(notListed, validated.Claims["pid"]);
    }

    [Theory]
    [InlineData(IdentityProviderKind.IdPorten, "1234567890")]
    [InlineData(IdentityProviderKind.IdPorten, "1234567890a")]
    [InlineData(IdentityProviderKind.Feide, "kari.nordmann")]
    [InlineData(IdentityProviderKind.Feide, "kari nordmann@skole.no")]
    public async Task Malformed_typed_identifier_shows_the_login_page_again_with_an_error(IdentityProviderKind kind, string typed)
    {
        await using var idp = await StandInHarness.StartAsync(kind);
        var (parameters, _) = idp.NewAuthorizationRequest();
        var page = await StandInHarness.ReadHtmlAsync(await idp.GetAuthorizeAsync(parameters), HttpStatusCode.OK);

        var again = await StandInHarness.ReadHtmlAsync(await idp.PostLoginFormAsync(page, ("selected_user", typed)), HttpStatusCode.BadRequest);

        Assert.Contains("role=\"alert\"", again, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", again, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"typed-user-hint typed-user-error\"", again, StringComparison.Ordinal);
        Assert.Contains(kind == IdentityProviderKind.IdPorten ? "nøyaktig 11 siffer" : "navn@organisasjon", again, StringComparison.Ordinal);
        Assert.Equal(parameters["state"], StandInHarness.HiddenFields(again).Single(f => f.Key == "state").Value);
    }

    [Fact]
    public async Task Cancelling_returns_access_denied_to_the_client()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.Feide);
        var (parameters, _) = idp.NewAuthorizationRequest();
        var page = await StandInHarness.ReadHtmlAsync(await idp.GetAuthorizeAsync(parameters), HttpStatusCode.OK);

        var answer = StandInHarness.ParseRedirect(await idp.PostLoginFormAsync(page, ("cancel", "1")), StandInHarness.RedirectUri);

        Assert.Equal("access_denied", answer["error"]);
        Assert.Equal(parameters["state"], answer["state"]);
        Assert.Equal(idp.Issuer, answer["iss"]);
    }

    [Fact]
    public async Task Tampered_hidden_redirect_uri_on_the_login_form_is_refused()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, _) = idp.NewAuthorizationRequest();
        parameters["redirect_uri"] = "http://127.0.0.1:6666/stjel";
        parameters["selected_user"] = StandInHarness.ListedPid;

        var response = await idp.Http.PostAsync($"{idp.Issuer}/authorize", new FormUrlEncodedContent(parameters), Ct);

        await StandInHarness.ReadHtmlAsync(response, HttpStatusCode.BadRequest);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Form_post_response_mode_hands_the_code_over_in_an_auto_submitting_form()
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);
        var (parameters, verifier) = idp.NewAuthorizationRequest(new Dictionary<string, string?> { ["response_mode"] = "form_post" });
        var page = await StandInHarness.ReadHtmlAsync(await idp.GetAuthorizeAsync(parameters), HttpStatusCode.OK);

        var handOver = await StandInHarness.ReadHtmlAsync(await idp.PostLoginFormAsync(page, ("selected_user", StandInHarness.ListedPid)), HttpStatusCode.OK);

        Assert.Contains($"<form method=\"post\" action=\"{StandInHarness.RedirectUri}\">", handOver, StringComparison.Ordinal);
        var fields = StandInHarness.HiddenFields(handOver).ToDictionary();
        Assert.Equal(parameters["state"], fields["state"]);
        Assert.Equal(idp.Issuer, fields["iss"]);
        var exchanged = await idp.ExchangeAsync(new SignIn(fields["code"], fields["state"], fields["iss"], parameters["nonce"]!, verifier));
        await StandInHarness.ReadJsonAsync(exchanged, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null, "idporten-loa-substantial")]
    [InlineData("idporten-loa-substantial", "idporten-loa-substantial")]
    [InlineData("idporten-loa-high", "idporten-loa-high")]
    public async Task IdPorten_answers_the_requested_level_of_assurance(string? acrValues, string expectedAcr)
    {
        await using var idp = await StandInHarness.StartAsync(IdentityProviderKind.IdPorten);

        var (tokens, _) = await idp.SignInAndExchangeAsync(StandInHarness.ListedPid,
            overrides: new Dictionary<string, string?> { ["acr_values"] = acrValues });

        var validated = await idp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(expectedAcr, validated.Claims["acr"]);
    }
}
