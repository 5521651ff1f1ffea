using System.Net;
using System.Text.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Roster;

public sealed class PupilTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Pupils = "/api/v1/admin/pupils";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_a_pupil()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var group5A = await app.CreateGroupAsync(admin, school, "5A");
        var created = await admin.CreatePupilAsync(RosterTestData.Pupil(school, " Emma ", " Hansen ") with
        {
            ProtectedAddress = ProtectedAddressLevel.Confidential,
            GroupIds = [group5A],
            SourcedId = "elev-1",
        });
        Assert.Equal(("Emma", "Hansen"), (created.GivenName, created.FamilyName));
        Assert.Equal(RosterTestData.PupilBirthDate, created.BirthDate);
        Assert.Equal(ProtectedAddressLevel.Confidential, created.ProtectedAddress);
        Assert.Equal([group5A], created.GroupIds);
        Assert.True(created.IsActive);

        var updated = await (await admin.Client.PutJsonAsync($"{Pupils}/{created.Id}", RosterTestData.Pupil(school, "Emma Sofie", "Hansen") with
        {
            ProtectedAddress = ProtectedAddressLevel.None,
            SourcedId = "elev-1",
        })).ReadAsync<PupilResponse>();
        Assert.Equal("Emma Sofie", updated.GivenName);
        Assert.Equal(ProtectedAddressLevel.None, updated.ProtectedAddress);
        Assert.Empty(updated.GroupIds);

        var deactivated = await (await admin.Client.PostAsync($"{Pupils}/{created.Id}/deactivate", null, Ct)).ReadAsync<PupilResponse>();
        Assert.False(deactivated.IsActive);
        Assert.DoesNotContain((await admin.Client.GetJsonAsync<Paged<PupilListItem>>(Pupils)).Items, p => p.Id == created.Id);
        Assert.Contains((await admin.Client.GetJsonAsync<Paged<PupilListItem>>($"{Pupils}?includeInactive=true")).Items, p => p.Id == created.Id && !p.IsActive);

        var activated = await (await admin.Client.PostAsync($"{Pupils}/{created.Id}/activate", null, Ct)).ReadAsync<PupilResponse>();
        Assert.True(activated.IsActive);
        var fetched = await admin.Client.GetJsonAsync<PupilResponse>($"{Pupils}/{created.Id}");
        Assert.Equal(("Emma Sofie", true), (fetched.GivenName, fetched.IsActive));
    }

    [Fact]
    public async Task Group_list_replaces_the_memberships_as_a_set()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var groupA = await app.CreateGroupAsync(admin, school, "5A");
        var groupB = await app.CreateGroupAsync(admin, school, "5B");
        var groupC = await app.CreateGroupAsync(admin, school, "SFO 5");
        var pupil = await admin.CreatePupilAsync(RosterTestData.Pupil(school) with { GroupIds = [groupA, groupB, groupA] });
        Assert.Equal(new[] { groupA, groupB }.Order(), pupil.GroupIds);

        var updated = await (await admin.Client.PutJsonAsync($"{Pupils}/{pupil.Id}",
            RosterTestData.Pupil(school) with { GroupIds = [groupC, groupB, groupC] })).ReadAsync<PupilResponse>();
        Assert.Equal(new[] { groupB, groupC }.Order(), updated.GroupIds);

        var fetched = await admin.Client.GetJsonAsync<PupilResponse>($"{Pupils}/{pupil.Id}");
        Assert.Equal(new[] { groupB, groupC }.Order(), fetched.GroupIds);
        var rows = await app.WithDbAsync(db => db.GroupMemberships.Where(m => m.PupilId == pupil.Id).Select(m => m.GroupId).ToListAsync(Ct));
        Assert.Equal(new[] { groupB, groupC }.Order(), rows.Order());
    }

    [Fact]
    public async Task Pupil_without_school_names_and_birth_date_names_each_field()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var response = await admin.Client.PostJsonAsync(Pupils, new { givenName = " ", familyName = new string('x', 101) });
        var errors = await response.ValidationProblemAsync("schoolId", "givenName", "familyName", "birthDate");
        Assert.Contains("Fødselsdato", errors.GetProperty("birthDate")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("100", errors.GetProperty("familyName")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Birth_date_in_the_future_is_rejected()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        // The test clock stands at Monday 7 September 2026, 07:30 in Oslo.
        var response = await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school, birthDate: new DateOnly(2026, 9, 8)));
        var errors = await response.ValidationProblemAsync("birthDate");
        Assert.Contains("fram i tid", errors.GetProperty("birthDate")[0].GetString(), StringComparison.Ordinal);
        await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school, birthDate: new DateOnly(2026, 9, 7))))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Birth_date_more_than_25_years_back_is_rejected()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var errors = await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school, birthDate: new DateOnly(2001, 9, 6))))
            .ValidationProblemAsync("birthDate");
        Assert.Contains("25 år", errors.GetProperty("birthDate")[0].GetString(), StringComparison.Ordinal);
        await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school, birthDate: new DateOnly(2001, 9, 7))))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Birth_date_that_is_no_date_names_the_field()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var response = await admin.Client.PostJsonAsync(Pupils, new { schoolId = school, givenName = "Emma", familyName = "Hansen", birthDate = "2016-02-30" });
        await response.ValidationProblemAsync("birthDate");
    }

    [Fact]
    public async Task National_identity_number_that_does_not_match_the_birth_date_is_rejected()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var otherDay = TestIdentifiers.NextNationalIdentityNumber(new DateOnly(2016, 5, 15));
        var otherYear = TestIdentifiers.NextNationalIdentityNumber(new DateOnly(2015, 5, 14));
        foreach (var number in new[] { otherDay, otherYear })
        {
            var errors = await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school) with { NationalIdentityNumber = number }))
                .ValidationProblemAsync("nationalIdentityNumber");
            Assert.Contains("fødselsdatoen", errors.GetProperty("nationalIdentityNumber")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task National_identity_number_and_D_number_matching_the_birth_date_are_accepted()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        await admin.CreatePupilAsync(RosterTestData.Pupil(school) with
        {
            NationalIdentityNumber = TestIdentifiers.NextNationalIdentityNumber(RosterTestData.PupilBirthDate),
        });
        await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Ali", "Khan") with
        {
            NationalIdentityNumber = RosterTestData.DNumber(RosterTestData.PupilBirthDate),
        });
    }

    [Fact]
    public async Task National_identity_number_with_wrong_check_digits_is_rejected()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var valid = TestIdentifiers.NextNationalIdentityNumber(RosterTestData.PupilBirthDate);
        var broken = valid[..10] + (char)('0' + (valid[10] - '0' + 1) % 10);
        await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school) with { NationalIdentityNumber = broken }))
            .ValidationProblemAsync("nationalIdentityNumber");
    }

    [Fact]
    public async Task Same_national_identity_number_twice_in_a_municipality_conflicts()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var number = TestIdentifiers.NextNationalIdentityNumber(RosterTestData.PupilBirthDate);
        var first = await admin.CreatePupilAsync(RosterTestData.Pupil(school) with { NationalIdentityNumber = number });

        var problem = await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school, "Emil") with { NationalIdentityNumber = number }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("fødselsnummeret", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var second = await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Emil"));
        await (await admin.Client.PutJsonAsync($"{Pupils}/{second.Id}", RosterTestData.Pupil(school, "Emil") with { NationalIdentityNumber = number }))
            .ProblemAsync(HttpStatusCode.Conflict);

        // Saving the pupil that holds the number again is no conflict with itself.
        await (await admin.Client.PutJsonAsync($"{Pupils}/{first.Id}", RosterTestData.Pupil(school, "Emma Sofie") with { NationalIdentityNumber = number }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        // Another municipality may register the same child (the pupil moved).
        var other = await app.AdminOfNewMunicipalityAsync("Annen kommune");
        await other.CreatePupilAsync(RosterTestData.Pupil(await other.CreateSchoolAsync()) with { NationalIdentityNumber = number });
    }

    [Fact]
    public async Task School_of_another_municipality_or_deactivated_is_rejected_naming_schoolId()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var other = await app.AdminOfNewMunicipalityAsync("Annen kommune");
        var foreignSchool = await other.CreateSchoolAsync("Skjult skole");
        var closedSchool = await admin.CreateSchoolAsync("Nedlagt skole");
        await (await admin.Client.PostAsync($"/api/v1/admin/schools/{closedSchool}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        foreach (var school in new[] { foreignSchool, closedSchool, Guid.NewGuid() })
        {
            await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school))).ValidationProblemAsync("schoolId");
        }
    }

    [Fact]
    public async Task Group_of_another_school_or_deactivated_is_rejected_naming_groupIds()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var otherSchool = await admin.CreateSchoolAsync("Berg skole");
        var ownGroup = await app.CreateGroupAsync(admin, school, "5A");
        var otherSchoolsGroup = await app.CreateGroupAsync(admin, otherSchool, "5A");
        var closedGroup = await app.CreateGroupAsync(admin, school, "4A", active: false);

        foreach (var group in new[] { otherSchoolsGroup, closedGroup, Guid.NewGuid() })
        {
            var errors = await (await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school) with { GroupIds = [ownGroup, group] }))
                .ValidationProblemAsync("groupIds");
            Assert.Contains("skole", errors.GetProperty("groupIds")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.Pupils.CountAsync(p => p.MunicipalityId == admin.MunicipalityId, Ct)));
    }

    [Fact]
    public async Task Rules_found_by_the_service_are_answered_together()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var response = await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(Guid.NewGuid(), birthDate: new DateOnly(2030, 1, 1)) with
        {
            NationalIdentityNumber = TestIdentifiers.NextNationalIdentityNumber(RosterTestData.PupilBirthDate),
        });
        await response.ValidationProblemAsync("schoolId", "birthDate", "nationalIdentityNumber");
    }

    [Fact]
    public async Task Update_keeps_a_school_and_group_deactivated_since_but_moving_to_another_school_needs_its_groups()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var group = await app.CreateGroupAsync(admin, school, "5A");
        var pupil = await admin.CreatePupilAsync(RosterTestData.Pupil(school) with { GroupIds = [group] });
        await app.WithDbAsync(async db =>
        {
            var row = await db.Groups.SingleAsync(g => g.Id == group, Ct);
            row.Deactivate(MeldebokApp.DefaultNow);
            return await db.SaveChangesAsync(Ct);
        });
        await (await admin.Client.PostAsync($"/api/v1/admin/schools/{school}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var renamed = await (await admin.Client.PutJsonAsync($"{Pupils}/{pupil.Id}", RosterTestData.Pupil(school, "Emma Sofie") with { GroupIds = [group] }))
            .ReadAsync<PupilResponse>();
        Assert.Equal([group], renamed.GroupIds);

        var newSchool = await admin.CreateSchoolAsync("Berg skole");
        await (await admin.Client.PutJsonAsync($"{Pupils}/{pupil.Id}", RosterTestData.Pupil(newSchool) with { GroupIds = [group] }))
            .ValidationProblemAsync("groupIds");
        var moved = await (await admin.Client.PutJsonAsync($"{Pupils}/{pupil.Id}", RosterTestData.Pupil(newSchool)))
            .ReadAsync<PupilResponse>();
        Assert.Equal((newSchool, 0), (moved.SchoolId, moved.GroupIds.Count));
    }

    [Fact]
    public async Task Protected_address_is_written_and_read_as_a_string()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var body = new { schoolId = school, givenName = "Emma", familyName = "Hansen", birthDate = "2016-05-14", protectedAddress = "StrictlyConfidential" };
        var response = await admin.Client.PostJsonAsync(Pupils, body);
        var json = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal("StrictlyConfidential", json.GetProperty("protectedAddress").GetString());

        var list = await admin.Client.GetJsonAsync<JsonElement>(Pupils);
        Assert.Equal("StrictlyConfidential", list.GetProperty("items")[0].GetProperty("protectedAddress").GetString());
    }

    [Fact]
    public async Task Unknown_protected_address_level_names_the_field()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        await (await admin.Client.PostJsonAsync(Pupils, new { schoolId = school, givenName = "Emma", familyName = "Hansen", birthDate = "2016-05-14", protectedAddress = "Secret" }))
            .ValidationProblemAsync("protectedAddress");
        await (await admin.Client.PostJsonAsync(Pupils, new { schoolId = school, givenName = "Emma", familyName = "Hansen", birthDate = "2016-05-14", protectedAddress = 7 }))
            .ValidationProblemAsync("protectedAddress");
    }

    [Fact]
    public async Task National_identity_number_is_masked_and_never_returned_in_full()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var number = TestIdentifiers.NextNationalIdentityNumber(RosterTestData.PupilBirthDate);
        var created = await admin.Client.PostJsonAsync(Pupils, RosterTestData.Pupil(school) with { NationalIdentityNumber = number });
        var createdBody = await created.Content.ReadAsStringAsync(Ct);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = JsonSerializer.Deserialize<PupilResponse>(createdBody, HttpAssertions.Json)!.Id;

        var get = await admin.Client.GetJsonAsync<PupilResponse>($"{Pupils}/{id}");
        Assert.Equal(number[..6] + "*****", get.NationalIdentityNumber);

        var list = await admin.Client.GetJsonAsync<JsonElement>(Pupils);
        Assert.False(list.GetProperty("items")[0].TryGetProperty("nationalIdentityNumber", out _));

        var bodies = new[]
        {
            createdBody,
            await admin.Client.GetStringAsync($"{Pupils}/{id}", Ct),
            await admin.Client.GetStringAsync(Pupils, Ct),
            await (await admin.Client.PostAsync($"{Pupils}/{id}/deactivate", null, Ct)).Content.ReadAsStringAsync(Ct),
        };
        Assert.All(bodies, body => Assert.DoesNotContain(number, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_is_paged_and_ordered_by_family_name_then_given_name()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        foreach (var (given, family) in new[] { ("Nora", "Berg"), ("Jonas", "Andersen"), ("Emma", "Berg"), ("Lukas", "Dahl"), ("Ella", "Andersen") })
        {
            await admin.CreatePupilAsync(RosterTestData.Pupil(school, given, family));
        }

        var all = await admin.Client.GetJsonAsync<Paged<PupilListItem>>(Pupils);
        Assert.Equal(["Andersen, Ella", "Andersen, Jonas", "Berg, Emma", "Berg, Nora", "Dahl, Lukas"], all.Items.Select(p => $"{p.FamilyName}, {p.GivenName}"));

        var page = await admin.Client.GetJsonAsync<Paged<PupilListItem>>($"{Pupils}?page=2&pageSize=2");
        Assert.Equal((5, 2, 2), (page.TotalCount, page.Page, page.PageSize));
        Assert.Equal(["Berg, Emma", "Berg, Nora"], page.Items.Select(p => $"{p.FamilyName}, {p.GivenName}"));
    }

    [Fact]
    public async Task List_filters_by_school_group_name_and_address_protection()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var otherSchool = await admin.CreateSchoolAsync("Berg skole");
        var group = await app.CreateGroupAsync(admin, school, "5A");
        var emma = await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Emma", "Hansen") with { GroupIds = [group] });
        var jonas = await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Jonas", "Johansen") with { ProtectedAddress = ProtectedAddressLevel.StrictlyConfidential });
        var nora = await admin.CreatePupilAsync(RosterTestData.Pupil(otherSchool, "Nora", "Olsen") with { ProtectedAddress = ProtectedAddressLevel.Confidential });

        async Task<Guid[]> Ids(string query) =>
            [.. (await admin.Client.GetJsonAsync<Paged<PupilListItem>>($"{Pupils}?{query}")).Items.Select(p => p.Id)];

        Assert.Equal([emma.Id, jonas.Id], await Ids($"schoolId={school}"));
        Assert.Equal([emma.Id], await Ids($"groupId={group}"));
        Assert.Equal([jonas.Id], await Ids("search=JOHAN"));
        Assert.Equal([emma.Id], await Ids("search=emma%20hans"));
        Assert.Equal([nora.Id], await Ids("protectedAddress=Confidential"));
        Assert.Equal([jonas.Id], await Ids("protectedAddress=StrictlyConfidential"));
        Assert.Equal([jonas.Id], await Ids($"schoolId={school}&protectedAddress=StrictlyConfidential"));
        Assert.Empty(await Ids("search=50%25"));
    }

    [Fact]
    public async Task Unknown_protected_address_level_in_the_list_filter_is_a_bad_request()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        // The shared binding-failure handler answers 400 without naming query parameters (reported to the lead).
        await (await admin.Client.GetAsync($"{Pupils}?protectedAddress=Secret", Ct)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Pupil_of_another_municipality_is_not_found()
    {
        var other = await app.AdminOfNewMunicipalityAsync("Annen kommune");
        var hidden = await other.CreatePupilAsync(RosterTestData.Pupil(await other.CreateSchoolAsync("Skjult skole")));

        var admin = await app.AdminOfNewMunicipalityAsync();
        await admin.Client.ShouldNotFindAsync(Pupils, hidden.Id, RosterTestData.Pupil(await admin.CreateSchoolAsync(), "Kapret"));
        Assert.Empty((await admin.Client.GetJsonAsync<Paged<PupilListItem>>($"{Pupils}?includeInactive=true")).Items);

        var unchanged = await other.Client.GetJsonAsync<PupilResponse>($"{Pupils}/{hidden.Id}");
        Assert.Equal(("Emma", true), (unchanged.GivenName, unchanged.IsActive));
    }

    [Fact]
    public async Task Guardian_and_staff_may_not_use_the_pupil_admin_api()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var pupil = await admin.CreatePupilAsync(RosterTestData.Pupil(await admin.CreateSchoolAsync()));
        var request = RosterTestData.Pupil(pupil.SchoolId, "Kapret");
        await app.ShouldRefuseGuardianAndStaffAsync(admin, Pupils, pupil.Id, request, request);
    }
}
