using System.Net;
using Meldebok.IdentityStandIn;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Usage;

namespace Meldebok.Server.Tests.Identity;

/// <summary>Sign-in through ID-porten (guardians) and Feide (staff, administrators) against the stand-ins, over real HTTP.</summary>
public sealed class ExternalSignInTests(ExternalSignInApp app) : IClassFixture<ExternalSignInApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Guardian_in_the_roster_signs_in_through_IdPorten_and_gets_the_cookie()
    {
        var nin = await AddGuardianAsync("Ingrid", "Haugen");

        var callback = await app.SignInAsync("idporten", nin, returnUrl: "/tilgjengelighet");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/tilgjengelighet", callback.Headers.Location!.OriginalString);
        Assert.Contains("Ingrid Haugen", await HomePageWithCookieAsync(callback));
        var account = Assert.Single(await app.AccountsAsync(), u => u.NationalIdentityNumber == nin);
        Assert.Equal("Ingrid Haugen", account.DisplayName);
        Assert.Equal(app.Time.GetUtcNow(), account.LastSignInAt);
    }

    [Fact]
    public async Task Guardian_signing_in_again_uses_the_same_account()
    {
        var nin = await AddGuardianAsync("Odd", "Berg");

        await app.SignInAsync("idporten", nin);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await app.SignInAsync("idporten", nin);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var account = Assert.Single(await app.AccountsAsync(), u => u.NationalIdentityNumber == nin);
        Assert.Equal(app.Time.GetUtcNow(), account.LastSignInAt);
        // Each sign-in counts once in the usage statistics, as the guardian, without a school.
        var guardian = await app.WithDbAsync(db => Task.FromResult(db.Guardians.Where(g => g.NationalIdentityNumber == nin).Select(g => new { g.Id, g.MunicipalityId }).Single()));
        var signIn = new SeenEvent(UsageActions.SignIn, UsageChannels.IdPorten, UsageRoles.Guardian, null, app.Today(), app.KeyOf(guardian.Id));
        Assert.Equal([signIn, signIn], await app.UsageEventsAsync(guardian.MunicipalityId));
    }

    [Fact]
    public async Task Staff_member_in_the_roster_signs_in_through_Feide_and_gets_the_cookie()
    {
        var feideId = await AddStaffAsync("Per", "Lærer");

        var callback = await app.SignInAsync("feide", feideId.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
        Assert.Contains("Per Lærer", await HomePageWithCookieAsync(callback));
        Assert.Single(await app.AccountsAsync(), u => u.FeideId == feideId);
    }

    [Fact]
    public async Task Municipality_administrator_signs_in_through_Feide()
    {
        var municipalityId = await app.CreateMunicipalityAsync();
        var feideId = $"admin.{Guid.NewGuid():N}@kommune.no";
        await app.WithDbAsync(async db =>
        {
            db.MunicipalityAdministrators.Add(new MunicipalityAdministrator(municipalityId)
                { GivenName = "Anne", FamilyName = "Admin", Email = "anne@kommune.no", FeideId = feideId });
            return await db.SaveChangesAsync(Ct);
        });

        var callback = await app.SignInAsync("feide", feideId);

        Assert.Contains("Anne Admin", await HomePageWithCookieAsync(callback));
    }

    [Theory]
    [InlineData("idporten")]
    [InlineData("feide")]
    public async Task Person_not_in_the_roster_gets_the_not_registered_page_and_no_account(string provider)
    {
        var identifier = provider == "idporten" ? TestIdentifiers.NextNationalIdentityNumber() : $"ukjent.{Guid.NewGuid():N}@skole.no";
        var before = (await app.AccountsAsync()).Count;

        var callback = await app.SignInAsync(provider, identifier);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal($"/konto/ikke-registrert?via={provider}", callback.Headers.Location!.OriginalString);
        Assert.DoesNotContain("meldebok=", ExternalSignInApp.CookieHeader(callback), StringComparison.Ordinal);
        Assert.Equal(before, (await app.AccountsAsync()).Count);
    }

    [Fact]
    public async Task Deactivated_guardian_is_treated_as_not_registered()
    {
        var nin = await AddGuardianAsync("Gammel", "Foresatt", active: false);

        var callback = await app.SignInAsync("idporten", nin);

        Assert.Equal("/konto/ikke-registrert?via=idporten", callback.Headers.Location!.OriginalString);
        Assert.DoesNotContain(await app.AccountsAsync(), u => u.NationalIdentityNumber == nin);
    }

    [Fact]
    public async Task Deactivated_staff_member_is_treated_as_not_registered()
    {
        var feideId = await AddStaffAsync("Sluttet", "Ansatt", active: false);

        var callback = await app.SignInAsync("feide", feideId);

        Assert.Equal("/konto/ikke-registrert?via=feide", callback.Headers.Location!.OriginalString);
        Assert.DoesNotContain(await app.AccountsAsync(), u => u.FeideId == feideId);
    }

    [Theory]
    [InlineData(IdTokenFault.WrongSignature)]
    [InlineData(IdTokenFault.AlgorithmNone)]
    [InlineData(IdTokenFault.WrongIssuer)]
    [InlineData(IdTokenFault.WrongAudience)]
    [InlineData(IdTokenFault.Expired)]
    [InlineData(IdTokenFault.MissingNonce)]
    [InlineData(IdTokenFault.WrongNonce)]
    [InlineData(IdTokenFault.MissingPersonIdentifier)]
    public async Task Faulty_IdPorten_id_token_is_rejected_with_an_error_page_and_no_account(IdTokenFault fault)
    {
        var nin = await AddGuardianAsync("Feil", "Token");
        app.IdPorten.NextIdTokenFault = fault;

        var callback = await app.SignInAsync("idporten", nin);

        await AssertRejectedAsync(callback);
        Assert.DoesNotContain(await app.AccountsAsync(), u => u.NationalIdentityNumber == nin);
    }

    [Theory]
    [InlineData(IdTokenFault.WrongSignature)]
    [InlineData(IdTokenFault.Expired)]
    [InlineData(IdTokenFault.WrongNonce)]
    [InlineData(IdTokenFault.MissingPersonIdentifier)]
    public async Task Faulty_Feide_id_token_is_rejected_with_an_error_page_and_no_account(IdTokenFault fault)
    {
        var feideId = await AddStaffAsync("Feil", "Token");
        app.Feide.NextIdTokenFault = fault;

        var callback = await app.SignInAsync("feide", feideId);

        await AssertRejectedAsync(callback);
        Assert.DoesNotContain(await app.AccountsAsync(), u => u.FeideId == feideId);
    }

    [Fact]
    public async Task Sign_in_page_offers_IdPorten_and_Feide_when_both_are_configured()
    {
        using var browser = app.Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var html = await (await browser.GetAsync("/konto/logg-inn", Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("href=\"/konto/ekstern/idporten?returnUrl=%2F\"", html, StringComparison.Ordinal);
        Assert.Contains("Logg inn med ID-porten", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/konto/ekstern/feide?returnUrl=%2F\"", html, StringComparison.Ordinal);
        Assert.Contains("Logg inn med Feide", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_provider_answers_404()
    {
        using var browser = app.Browser();

        var response = await browser.GetAsync("/konto/ekstern/bankid", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Return_url_to_another_site_is_replaced_by_the_home_page()
    {
        var nin = await AddGuardianAsync("Trygg", "Retur");

        var callback = await app.SignInAsync("idporten", nin, returnUrl: "https://evil.example/");

        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    private static async Task AssertRejectedAsync(HttpResponseMessage callback)
    {
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("text/html", callback.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("Vi kunne ikke behandle forespørselen", await callback.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("meldebok=", ExternalSignInApp.CookieHeader(callback), StringComparison.Ordinal);
    }

    private async Task<string> HomePageWithCookieAsync(HttpResponseMessage callback)
    {
        var cookie = ExternalSignInApp.CookieHeader(callback);
        Assert.Contains("meldebok=", cookie, StringComparison.Ordinal);
        using var browser = app.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var home = await browser.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        return await home.Content.ReadAsStringAsync(Ct);
    }

    private async Task<string> AddGuardianAsync(string givenName, string familyName, bool active = true)
    {
        var municipalityId = await app.CreateMunicipalityAsync();
        var nin = TestIdentifiers.NextNationalIdentityNumber();
        await app.WithDbAsync(async db =>
        {
            var guardian = new Guardian(municipalityId) { GivenName = givenName, FamilyName = familyName, NationalIdentityNumber = nin };
            if (!active)
            {
                guardian.Deactivate(app.Time.GetUtcNow());
            }

            db.Guardians.Add(guardian);
            return await db.SaveChangesAsync(Ct);
        });
        return nin;
    }

    private async Task<string> AddStaffAsync(string givenName, string familyName, bool active = true)
    {
        var municipalityId = await app.CreateMunicipalityAsync();
        var feideId = $"{givenName.ToLowerInvariant()}.{Guid.NewGuid():N}@kommune.no";
        await app.WithDbAsync(async db =>
        {
            var staff = new Staff(municipalityId) { GivenName = givenName, FamilyName = familyName, FeideId = feideId };
            if (!active)
            {
                staff.Deactivate(app.Time.GetUtcNow());
            }

            db.Staff.Add(staff);
            return await db.SaveChangesAsync(Ct);
        });
        return feideId;
    }
}
