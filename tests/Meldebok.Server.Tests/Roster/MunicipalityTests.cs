using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Roster;

public sealed class MunicipalityTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Own = "/api/v1/admin/municipality";
    private const string Platform = "/api/v1/platform/municipalities";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Operator() => app.ClientFor(TestUser.PlatformOperator());

    [Fact]
    public async Task Admin_reads_own_municipality_with_default_settings()
    {
        var id = await app.CreateMunicipalityAsync("Lesevik kommune");
        var municipality = await (await app.ClientFor(TestUser.MunicipalityAdmin(id)).GetAsync(Own, Ct)).ReadAsync<MunicipalityResponse>();

        Assert.Equal(id, municipality.Id);
        Assert.Equal("Lesevik kommune", municipality.Name);
        Assert.Equal("Europe/Oslo", municipality.TimeZone);
        Assert.Equal(new MunicipalitySettingsContract(false, 200, "nb"), municipality.Settings);
    }

    [Fact]
    public async Task Admin_updates_name_time_zone_and_settings_but_not_the_organisation_number()
    {
        var id = await app.CreateMunicipalityAsync("Endrevik kommune");
        var client = app.ClientFor(TestUser.MunicipalityAdmin(id));
        var before = await (await client.GetAsync(Own, Ct)).ReadAsync<MunicipalityResponse>();

        var updated = await (await client.PutAsJsonAsync(Own, new
        {
            name = "  Endrevik bykommune ",
            timeZone = "Europe/Berlin",
            organisationNumber = TestIdentifiers.NextOrganisationNumber(),
            settings = new { absenceNoteEnabled = true, absenceNoteMaxLength = 1000, defaultLanguage = "nn" },
        }, Ct)).ReadAsync<MunicipalityResponse>();

        Assert.Equal("Endrevik bykommune", updated.Name);
        Assert.Equal("Europe/Berlin", updated.TimeZone);
        Assert.Equal(new MunicipalitySettingsContract(true, 1000, "nn"), updated.Settings);
        Assert.Equal(before.OrganisationNumber, updated.OrganisationNumber);

        var reread = await (await client.GetAsync(Own, Ct)).ReadAsync<MunicipalityResponse>();
        Assert.Equal(updated, reread);
    }

    [Fact]
    public async Task Admin_update_without_time_zone_and_settings_keeps_them()
    {
        var id = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(id));
        await (await client.PutAsJsonAsync(Own, new MunicipalityRequest("Testvik kommune", "Europe/Berlin",
            new MunicipalitySettingsContract(true, 300, "en")), Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var renamed = await (await client.PutAsJsonAsync(Own, new { name = "Nyvik kommune" }, Ct)).ReadAsync<MunicipalityResponse>();

        Assert.Equal("Nyvik kommune", renamed.Name);
        Assert.Equal("Europe/Berlin", renamed.TimeZone);
        Assert.Equal(new MunicipalitySettingsContract(true, 300, "en"), renamed.Settings);
    }

    [Fact]
    public async Task Own_municipality_update_with_bad_values_names_each_field_including_nested_settings()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PutAsJsonAsync(Own, new
        {
            name = "",
            timeZone = "Europe/Atlantis",
            settings = new { absenceNoteEnabled = true, absenceNoteMaxLength = 1001, defaultLanguage = "sv" },
        }, Ct);

        var errors = await response.ValidationProblemAsync("name", "timeZone", "settings.absenceNoteMaxLength", "settings.defaultLanguage");
        Assert.Contains("nb, nn eller en", errors.GetProperty("settings.defaultLanguage")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Absence_note_length_below_one_is_rejected(int length)
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PutAsJsonAsync(Own, new MunicipalityRequest("Testvik kommune", null,
            new MunicipalitySettingsContract(true, length, "nb")), Ct);
        await response.ValidationProblemAsync("settings.absenceNoteMaxLength");
    }

    [Fact]
    public async Task Settings_without_language_name_the_nested_field()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PutAsJsonAsync(Own, new { name = "Testvik kommune", settings = new { absenceNoteMaxLength = 1 } }, Ct);
        await response.ValidationProblemAsync("settings.defaultLanguage");
    }

    [Fact]
    public async Task Admin_changes_only_their_own_municipality()
    {
        var mine = await app.CreateMunicipalityAsync("Minvik kommune");
        var other = await app.CreateMunicipalityAsync("Annenvik kommune");

        await (await app.ClientFor(TestUser.MunicipalityAdmin(mine)).PutAsJsonAsync(Own,
            new MunicipalityRequest("Minvik kommune", null, new MunicipalitySettingsContract(true, 50, "en")), Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var untouched = await (await app.ClientFor(TestUser.MunicipalityAdmin(other)).GetAsync(Own, Ct)).ReadAsync<MunicipalityResponse>();
        Assert.Equal(other, untouched.Id);
        Assert.Equal("Annenvik kommune", untouched.Name);
        Assert.Equal(new MunicipalitySettingsContract(false, 200, "nb"), untouched.Settings);
    }

    [Fact]
    public async Task Staff_and_guardians_may_not_read_or_change_the_municipality()
    {
        var id = await app.CreateMunicipalityAsync();
        foreach (var user in new[] { TestUser.Staff(id, Guid.NewGuid()), TestUser.Guardian(id, Guid.NewGuid()), TestUser.PlatformOperator() })
        {
            var client = app.ClientFor(user);
            await (await client.GetAsync(Own, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PutAsJsonAsync(Own, new MunicipalityRequest("Kapret kommune", null, null), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Operator_registers_updates_deactivates_and_activates_a_municipality()
    {
        var client = Operator();
        var organisationNumber = TestIdentifiers.NextOrganisationNumber();
        var created = await (await client.PostAsJsonAsync(Platform, new MunicipalityRegistrationRequest(
            "Nordvik kommune", organisationNumber, "Europe/Oslo", new MunicipalitySettingsContract(true, 150, "nn")), Ct))
            .ReadAsync<MunicipalityResponse>(HttpStatusCode.Created);
        Assert.Equal("Nordvik kommune", created.Name);
        Assert.Equal(organisationNumber, created.OrganisationNumber);
        Assert.Equal(new MunicipalitySettingsContract(true, 150, "nn"), created.Settings);
        Assert.True(created.IsActive);

        var fetched = await (await client.GetAsync($"{Platform}/{created.Id}", Ct)).ReadAsync<MunicipalityResponse>();
        Assert.Equal(created, fetched);

        var newNumber = TestIdentifiers.NextOrganisationNumber();
        var updated = await (await client.PutAsJsonAsync($"{Platform}/{created.Id}",
            new MunicipalityRegistrationRequest("Nordvik og Sørvik kommune", newNumber, null, null), Ct)).ReadAsync<MunicipalityResponse>();
        Assert.Equal("Nordvik og Sørvik kommune", updated.Name);
        Assert.Equal(newNumber, updated.OrganisationNumber);
        Assert.Equal(new MunicipalitySettingsContract(true, 150, "nn"), updated.Settings);

        var deactivated = await (await client.PostAsync($"{Platform}/{created.Id}/deactivate", null, Ct)).ReadAsync<MunicipalityResponse>();
        Assert.False(deactivated.IsActive);
        var active = await client.ListAsync<MunicipalityResponse>($"{Platform}?search=Sørvik");
        Assert.DoesNotContain(active.Items, m => m.Id == created.Id);
        var all = await client.ListAsync<MunicipalityResponse>($"{Platform}?search=Sørvik&includeInactive=true");
        Assert.Contains(all.Items, m => m.Id == created.Id && !m.IsActive);

        var activated = await (await client.PostAsync($"{Platform}/{created.Id}/activate", null, Ct)).ReadAsync<MunicipalityResponse>();
        Assert.True(activated.IsActive);
    }

    [Fact]
    public async Task Registration_without_time_zone_and_settings_uses_Oslo_and_the_defaults()
    {
        var created = await (await Operator().PostAsJsonAsync(Platform,
            new { name = "Standardvik kommune", organisationNumber = TestIdentifiers.NextOrganisationNumber() }, Ct))
            .ReadAsync<MunicipalityResponse>(HttpStatusCode.Created);

        Assert.Equal("Europe/Oslo", created.TimeZone);
        Assert.Equal(new MunicipalitySettingsContract(false, 200, "nb"), created.Settings);
        var stored = await app.WithDbAsync(db => db.Municipalities.AsNoTracking().SingleAsync(m => m.Id == created.Id, Ct));
        Assert.Equal("Europe/Oslo", stored.TimeZone);
    }

    [Fact]
    public async Task Registration_with_an_organisation_number_already_registered_answers_409()
    {
        var client = Operator();
        var organisationNumber = TestIdentifiers.NextOrganisationNumber();
        await (await client.PostAsJsonAsync(Platform, new MunicipalityRegistrationRequest("Førstevik kommune", organisationNumber, null, null), Ct))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);

        var problem = await (await client.PostAsJsonAsync(Platform,
            new MunicipalityRegistrationRequest("Andrevik kommune", organisationNumber, null, null), Ct)).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains($"Organisasjonsnummeret {organisationNumber} er allerede registrert", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Municipalities.CountAsync(m => m.OrganisationNumber == organisationNumber, Ct)));
    }

    [Fact]
    public async Task Update_to_an_organisation_number_of_another_municipality_answers_409_and_changes_nothing()
    {
        var client = Operator();
        var taken = TestIdentifiers.NextOrganisationNumber();
        await (await client.PostAsJsonAsync(Platform, new MunicipalityRegistrationRequest("Eiervik kommune", taken, null, null), Ct))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        var mine = await (await client.PostAsJsonAsync(Platform,
            new MunicipalityRegistrationRequest("Flyttvik kommune", TestIdentifiers.NextOrganisationNumber(), null, null), Ct))
            .ReadAsync<MunicipalityResponse>(HttpStatusCode.Created);

        var problem = await (await client.PutAsJsonAsync($"{Platform}/{mine.Id}",
            new MunicipalityRegistrationRequest("Nytt navn kommune", taken, null, null), Ct)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("allerede registrert", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unchanged = await (await client.GetAsync($"{Platform}/{mine.Id}", Ct)).ReadAsync<MunicipalityResponse>();
        Assert.Equal(mine, unchanged);
    }

    [Fact]
    public async Task Update_keeping_its_own_organisation_number_is_not_a_conflict()
    {
        var client = Operator();
        var created = await (await client.PostAsJsonAsync(Platform,
            new MunicipalityRegistrationRequest("Samevik kommune", TestIdentifiers.NextOrganisationNumber(), null, null), Ct))
            .ReadAsync<MunicipalityResponse>(HttpStatusCode.Created);

        var updated = await (await client.PutAsJsonAsync($"{Platform}/{created.Id}",
            new MunicipalityRegistrationRequest("Samevik bykommune", created.OrganisationNumber, null, null), Ct)).ReadAsync<MunicipalityResponse>();
        Assert.Equal("Samevik bykommune", updated.Name);
    }

    [Fact]
    public async Task Registration_with_bad_values_names_each_field()
    {
        var response = await Operator().PostAsJsonAsync(Platform, new
        {
            name = " ",
            organisationNumber = "123456789",
            timeZone = "Oslo",
            settings = new { absenceNoteMaxLength = 0, defaultLanguage = "de" },
        }, Ct);
        var errors = await response.ValidationProblemAsync("name", "organisationNumber", "timeZone", "settings.absenceNoteMaxLength", "settings.defaultLanguage");
        Assert.Contains("kontrollsiffer", errors.GetProperty("organisationNumber")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_without_organisation_number_names_it()
    {
        var response = await Operator().PostAsJsonAsync(Platform, new { name = "Uten nummer kommune" }, Ct);
        await response.ValidationProblemAsync("organisationNumber");
    }

    [Fact]
    public async Task Platform_list_is_paged_searched_and_ordered_by_name()
    {
        var client = Operator();
        var token = Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { "Cvik", "Avik", "Dvik", "Bvik" })
        {
            await (await client.PostAsJsonAsync(Platform,
                new MunicipalityRegistrationRequest($"{name} {token} kommune", TestIdentifiers.NextOrganisationNumber(), null, null), Ct))
                .ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        var page = await client.ListAsync<MunicipalityResponse>($"{Platform}?search={token}&page=2&pageSize=3");
        Assert.Equal(4, page.TotalCount);
        Assert.Equal([$"Dvik {token} kommune"], page.Items.Select(m => m.Name));

        var search = await client.ListAsync<MunicipalityResponse>($"{Platform}?search=BVIK {token}");
        Assert.Equal([$"Bvik {token} kommune"], search.Items.Select(m => m.Name));
    }

    [Fact]
    public async Task Unknown_municipality_is_not_found_on_the_platform_endpoints()
    {
        var client = Operator();
        var unknown = Guid.CreateVersion7();
        await (await client.GetAsync($"{Platform}/{unknown}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"{Platform}/{unknown}",
            new MunicipalityRegistrationRequest("Ingenvik kommune", TestIdentifiers.NextOrganisationNumber(), null, null), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Platform}/{unknown}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Platform}/{unknown}/activate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Municipality_admin_may_not_use_the_platform_endpoints()
    {
        var id = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(id));

        await (await client.GetAsync(Platform, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"{Platform}/{id}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync(Platform,
            new MunicipalityRegistrationRequest("Snikvik kommune", TestIdentifiers.NextOrganisationNumber(), null, null), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PutAsJsonAsync($"{Platform}/{id}",
            new MunicipalityRegistrationRequest("Kapret kommune", TestIdentifiers.NextOrganisationNumber(), null, null), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync($"{Platform}/{id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        var stored = await app.WithDbAsync(db => db.Municipalities.AsNoTracking().SingleAsync(m => m.Id == id, Ct));
        Assert.True(stored.IsActive);
        Assert.Equal("Testvik kommune", stored.Name);
    }

    [Fact]
    public async Task Anonymous_caller_is_asked_to_sign_in_on_the_platform_endpoints()
    {
        await (await app.ClientFor(null).GetAsync(Platform, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
