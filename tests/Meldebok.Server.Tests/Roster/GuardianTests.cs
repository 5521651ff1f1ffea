using System.Net;
using System.Text.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Roster;

public sealed class GuardianTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Guardians = "/api/v1/admin/guardians";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_a_guardian()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var created = await admin.CreateGuardianAsync(RosterTestData.Guardian(" Kari ", " Nordmann ") with { Mobile = "+4791234567", SourcedId = "foresatt-1" });
        Assert.Equal(("Kari", "Nordmann", "+4791234567", "foresatt-1"), (created.GivenName, created.FamilyName, created.Mobile, created.SourcedId));
        Assert.Equal("nb", created.PreferredLanguage);
        Assert.Null(created.Email);
        Assert.True(created.IsActive);

        var number = TestIdentifiers.NextNationalIdentityNumber(new DateOnly(1982, 11, 2));
        var updated = await (await admin.Client.PutJsonAsync($"{Guardians}/{created.Id}",
            new GuardianRequest("Kari", "Hansen", number, "kari.hansen@example.no", null, "nn"))).ReadAsync<GuardianResponse>();
        Assert.Equal(("Hansen", "kari.hansen@example.no", "nn"), (updated.FamilyName, updated.Email, updated.PreferredLanguage));
        Assert.Null(updated.Mobile);
        Assert.Equal(number[..6] + "*****", updated.NationalIdentityNumber);
        Assert.Equal(number, await app.WithDbAsync(db => db.Guardians.Where(g => g.Id == created.Id).Select(g => g.NationalIdentityNumber).SingleAsync(Ct)));

        var deactivated = await (await admin.Client.PostAsync($"{Guardians}/{created.Id}/deactivate", null, Ct)).ReadAsync<GuardianResponse>();
        Assert.False(deactivated.IsActive);
        Assert.DoesNotContain((await admin.Client.GetJsonAsync<Paged<GuardianListItem>>(Guardians)).Items, g => g.Id == created.Id);
        Assert.Contains((await admin.Client.GetJsonAsync<Paged<GuardianListItem>>($"{Guardians}?includeInactive=true")).Items, g => g.Id == created.Id && !g.IsActive);

        var activated = await (await admin.Client.PostAsync($"{Guardians}/{created.Id}/activate", null, Ct)).ReadAsync<GuardianResponse>();
        Assert.True(activated.IsActive);
        Assert.True((await admin.Client.GetJsonAsync<GuardianResponse>($"{Guardians}/{created.Id}")).IsActive);
    }

    [Fact]
    public async Task Guardian_without_names_and_identity_number_names_each_field()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var errors = await (await admin.Client.PostJsonAsync(Guardians, new { givenName = "", familyName = new string('x', 101) }))
            .ValidationProblemAsync("givenName", "familyName", "nationalIdentityNumber");
        Assert.Contains("Fødselsnummer", errors.GetProperty("nationalIdentityNumber")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_identity_number_e_mail_mobile_and_language_name_each_field()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var errors = await (await admin.Client.PostJsonAsync(Guardians,
                new GuardianRequest("Kari", "Nordmann", "14038512345", "kari.example.no", "91234567", "de")))
            .ValidationProblemAsync("nationalIdentityNumber", "email", "mobile", "preferredLanguage");
        Assert.Equal("E-postadressen er ikke gyldig.", errors.GetProperty("email")[0].GetString());
        Assert.Contains("+47", errors.GetProperty("mobile")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("nb, nn eller en", errors.GetProperty("preferredLanguage")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task E_mail_longer_than_254_characters_is_rejected()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var email = new string('k', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 3)) + ".example.no";
        Assert.True(email.Length > 254);
        var errors = await (await admin.Client.PostJsonAsync(Guardians, RosterTestData.Guardian(email: email))).ValidationProblemAsync("email");
        Assert.Contains("254", errors.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_national_identity_number_twice_in_a_municipality_conflicts_with_a_norwegian_detail()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var request = RosterTestData.Guardian();
        var first = await admin.CreateGuardianAsync(request);

        var problem = await (await admin.Client.PostJsonAsync(Guardians, request with { GivenName = "Ola" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Det finnes allerede en foresatt med dette fødselsnummeret i kommunen.", problem.GetProperty("detail").GetString());

        var second = await admin.CreateGuardianAsync(RosterTestData.Guardian("Ola"));
        await (await admin.Client.PutJsonAsync($"{Guardians}/{second.Id}", request with { GivenName = "Ola" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.Client.PutJsonAsync($"{Guardians}/{first.Id}", request with { Email = "kari@example.no" })).ShouldHaveStatusAsync(HttpStatusCode.OK);

        // A deactivated guardian still holds the number.
        await (await admin.Client.PostAsync($"{Guardians}/{first.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await admin.Client.PostJsonAsync(Guardians, request)).ProblemAsync(HttpStatusCode.Conflict);

        // The same person may be a guardian in another municipality.
        var other = await app.AdminOfNewMunicipalityAsync("Annen kommune");
        await other.CreateGuardianAsync(request);
    }

    [Fact]
    public async Task List_omits_the_identity_number_and_get_masks_all_but_the_birth_date()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var number = TestIdentifiers.NextNationalIdentityNumber(new DateOnly(1985, 3, 14));
        var created = await admin.Client.PostJsonAsync(Guardians, RosterTestData.Guardian() with { NationalIdentityNumber = number });
        var createdBody = await created.Content.ReadAsStringAsync(Ct);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = JsonSerializer.Deserialize<GuardianResponse>(createdBody, HttpAssertions.Json)!.Id;

        var list = await admin.Client.GetJsonAsync<JsonElement>(Guardians);
        var item = list.GetProperty("items")[0];
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.False(item.TryGetProperty("nationalIdentityNumber", out _));

        var get = await admin.Client.GetJsonAsync<GuardianResponse>($"{Guardians}/{id}");
        Assert.Equal("148385*****", get.NationalIdentityNumber); // synthetic numbers carry month + 80

        var bodies = new[]
        {
            createdBody,
            await admin.Client.GetStringAsync($"{Guardians}/{id}", Ct),
            await admin.Client.GetStringAsync(Guardians, Ct),
            await (await admin.Client.PutJsonAsync($"{Guardians}/{id}", RosterTestData.Guardian("Karianne") with { NationalIdentityNumber = number }))
                .Content.ReadAsStringAsync(Ct),
            await (await admin.Client.PostAsync($"{Guardians}/{id}/deactivate", null, Ct)).Content.ReadAsStringAsync(Ct),
        };
        Assert.All(bodies, body => Assert.DoesNotContain(number, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_is_paged_ordered_by_name_and_searched_by_name_and_e_mail()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        await admin.CreateGuardianAsync(RosterTestData.Guardian("Ola", "Berg", "ola.berg@example.no"));
        await admin.CreateGuardianAsync(RosterTestData.Guardian("Anne", "Berg"));
        await admin.CreateGuardianAsync(RosterTestData.Guardian("Per", "Aas", "per@lianvatnet.example.no"));

        var all = await admin.Client.GetJsonAsync<Paged<GuardianListItem>>(Guardians);
        Assert.Equal(["Per Aas", "Anne Berg", "Ola Berg"], all.Items.Select(g => $"{g.GivenName} {g.FamilyName}"));

        var page = await admin.Client.GetJsonAsync<Paged<GuardianListItem>>($"{Guardians}?page=2&pageSize=2");
        Assert.Equal((3, 2), (page.TotalCount, page.Page));
        Assert.Equal(["Ola Berg"], page.Items.Select(g => $"{g.GivenName} {g.FamilyName}"));

        async Task<string[]> Names(string search) =>
            [.. (await admin.Client.GetJsonAsync<Paged<GuardianListItem>>($"{Guardians}?search={Uri.EscapeDataString(search)}")).Items.Select(g => g.GivenName)];
        Assert.Equal(["Anne", "Ola"], await Names("BERG"));
        Assert.Equal(["Ola"], await Names("ola berg"));
        Assert.Equal(["Per"], await Names("LIANVATNET"));
        Assert.Equal(["Ola"], await Names("ola.berg@"));
        Assert.Empty(await Names("_"));
    }

    [Fact]
    public async Task List_filtered_by_pupil_shows_the_guardians_linked_to_that_pupil()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var emma = await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Emma"));
        var jonas = await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Jonas"));
        var mother = await admin.CreateGuardianAsync(RosterTestData.Guardian("Kari"));
        var father = await admin.CreateGuardianAsync(RosterTestData.Guardian("Ola"));
        var stepfather = await admin.CreateGuardianAsync(RosterTestData.Guardian("Per"));
        await admin.LinkAsync(mother.Id, emma.Id);
        await admin.LinkAsync(mother.Id, jonas.Id);
        await admin.LinkAsync(father.Id, jonas.Id);
        var endedLink = await admin.LinkAsync(stepfather.Id, emma.Id);
        await (await admin.Client.PostAsync($"/api/v1/admin/guardian-links/{endedLink.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        async Task<string[]> Names(string query) =>
            [.. (await admin.Client.GetJsonAsync<Paged<GuardianListItem>>($"{Guardians}?{query}")).Items.Select(g => g.GivenName).Order()];
        Assert.Equal(["Kari"], await Names($"pupilId={emma.Id}"));
        Assert.Equal(["Kari", "Per"], await Names($"pupilId={emma.Id}&includeInactive=true"));
        Assert.Equal(["Kari", "Ola"], await Names($"pupilId={jonas.Id}"));
        Assert.Empty(await Names($"pupilId={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task Guardian_of_another_municipality_is_not_found()
    {
        var other = await app.AdminOfNewMunicipalityAsync("Annen kommune");
        var hidden = await other.CreateGuardianAsync(RosterTestData.Guardian());

        var admin = await app.AdminOfNewMunicipalityAsync();
        await admin.Client.ShouldNotFindAsync(Guardians, hidden.Id, RosterTestData.Guardian("Kapret"));
        Assert.Empty((await admin.Client.GetJsonAsync<Paged<GuardianListItem>>($"{Guardians}?includeInactive=true")).Items);

        var unchanged = await other.Client.GetJsonAsync<GuardianResponse>($"{Guardians}/{hidden.Id}");
        Assert.Equal(("Kari", true), (unchanged.GivenName, unchanged.IsActive));
    }

    [Fact]
    public async Task Guardian_and_staff_may_not_use_the_guardian_admin_api()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var guardian = await admin.CreateGuardianAsync(RosterTestData.Guardian());
        var request = RosterTestData.Guardian("Kapret");
        await app.ShouldRefuseGuardianAndStaffAsync(admin, Guardians, guardian.Id, request, request);
    }
}
