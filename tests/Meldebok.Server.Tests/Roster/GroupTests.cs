using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

public sealed class GroupTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Groups = "/api/v1/admin/groups";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> NewAdminAsync(string municipality = "Testvik kommune") =>
        app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync(municipality)));

    private static GroupRequest Class(Guid schoolId, string name = "5B", int schoolYear = 2026, int? grade = 5) =>
        new(schoolId, name, GroupKind.Class, schoolYear, grade);

    private static GroupRequest SfoGroup(Guid schoolId, Guid? sfoUnitId, string name = "Blå gruppe") =>
        new(schoolId, name, GroupKind.SfoGroup, 2026, SfoUnitId: sfoUnitId);

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_a_group()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();

        var created = await client.CreateGroupAsync(new GroupRequest(school.Id, " 5B ", GroupKind.Class, 2026, 5, SourcedId: "grp-5b"));
        Assert.Equal(new GroupResponse(created.Id, school.Id, null, "5B", GroupKind.Class, 2026, 5, "grp-5b", true, 0), created);
        Assert.Equal(created, await (await client.GetAsync($"{Groups}/{created.Id}", Ct)).ReadAsync<GroupResponse>());

        var updated = await (await client.PutAsJsonAsync($"{Groups}/{created.Id}",
            new GroupRequest(school.Id, "Basis 5-7", GroupKind.BasisGroup, 2027), HttpAssertions.Json, Ct)).ReadAsync<GroupResponse>();
        Assert.Equal(new GroupResponse(created.Id, school.Id, null, "Basis 5-7", GroupKind.BasisGroup, 2027, null, null, true, 0), updated);

        var deactivated = await (await client.PostAsync($"{Groups}/{created.Id}/deactivate", null, Ct)).ReadAsync<GroupResponse>();
        Assert.False(deactivated.IsActive);
        Assert.Empty((await client.ListAsync<GroupResponse>(Groups)).Items);
        Assert.Contains((await client.ListAsync<GroupResponse>($"{Groups}?includeInactive=true")).Items, g => g.Id == created.Id && !g.IsActive);

        var activated = await (await client.PostAsync($"{Groups}/{created.Id}/activate", null, Ct)).ReadAsync<GroupResponse>();
        Assert.True(activated.IsActive);
    }

    [Fact]
    public async Task Kind_is_written_and_read_as_a_string_in_json()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();

        var response = await client.PostAsJsonAsync(Groups,
            new { schoolId = school.Id, name = "Basis 1-2", kind = "BasisGroup", schoolYear = 2026 }, Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(JsonValueKind.String, json.GetProperty("kind").ValueKind);
        Assert.Equal("BasisGroup", json.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("grade").ValueKind);
    }

    [Fact]
    public async Task OpenApi_document_describes_group_kind_as_a_string_enum()
    {
        var document = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var kind = document.GetProperty("components").GetProperty("schemas").GetProperty("GroupKind");

        Assert.Equal(["Class", "BasisGroup", "SfoGroup"], kind.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.All(kind.GetProperty("enum").EnumerateArray(), v => Assert.Equal(JsonValueKind.String, v.ValueKind));
    }

    [Theory]
    [InlineData("\"Sfo\"")]
    [InlineData("7")]
    public async Task Unknown_kind_is_rejected_naming_kind(string kind)
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var body = $$"""{"schoolId":"{{school.Id}}","name":"X","kind":{{kind}},"schoolYear":2026}""";

        var response = await client.PostAsync(Groups, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        await response.ValidationProblemAsync("kind");
    }

    [Fact]
    public async Task Group_without_school_name_kind_and_year_names_each_field()
    {
        var client = await NewAdminAsync();
        var response = await client.PostAsJsonAsync(Groups, new { name = "" }, Ct);
        await response.ValidationProblemAsync("schoolId", "name", "kind", "schoolYear");
    }

    [Theory]
    [InlineData(1999, 5, "schoolYear")]
    [InlineData(2101, 5, "schoolYear")]
    [InlineData(2026, 0, "grade")]
    [InlineData(2026, 11, "grade")]
    public async Task School_year_and_grade_out_of_range_are_rejected(int schoolYear, int grade, string field)
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var response = await client.PostAsJsonAsync(Groups, Class(school.Id, schoolYear: schoolYear, grade: grade), HttpAssertions.Json, Ct);
        await response.ValidationProblemAsync(field);
    }

    [Theory]
    [InlineData(2000, 1)]
    [InlineData(2100, 10)]
    [InlineData(2026, null)]
    public async Task School_year_and_grade_at_the_limits_or_without_grade_are_accepted(int schoolYear, int? grade)
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var created = await client.CreateGroupAsync(Class(school.Id, schoolYear: schoolYear, grade: grade));
        Assert.Equal((schoolYear, grade), (created.SchoolYear, created.Grade));
    }

    [Fact]
    public async Task Group_at_an_unknown_school_or_a_school_of_another_municipality_is_rejected_naming_schoolId()
    {
        var otherSchool = await (await NewAdminAsync("Annenvik kommune")).CreateSchoolAsync("Fremmed skole");
        var client = await NewAdminAsync();

        await (await client.PostAsJsonAsync(Groups, Class(Guid.CreateVersion7()), HttpAssertions.Json, Ct)).ValidationProblemAsync("schoolId");
        await (await client.PostAsJsonAsync(Groups, Class(otherSchool.Id), HttpAssertions.Json, Ct)).ValidationProblemAsync("schoolId");
    }

    [Fact]
    public async Task Sfo_group_belongs_to_an_sfo_unit_of_its_school()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var unit = await client.CreateSfoUnitAsync(school.Id);

        var created = await client.CreateGroupAsync(SfoGroup(school.Id, unit.Id));

        Assert.Equal(GroupKind.SfoGroup, created.Kind);
        Assert.Equal(unit.Id, created.SfoUnitId);
    }

    [Fact]
    public async Task Sfo_group_without_sfo_unit_is_rejected_naming_sfoUnitId()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var errors = await (await client.PostAsJsonAsync(Groups, SfoGroup(school.Id, null), HttpAssertions.Json, Ct)).ValidationProblemAsync("sfoUnitId");
        Assert.Contains("SFO-enhet", errors.GetProperty("sfoUnitId")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GroupKind.Class)]
    [InlineData(GroupKind.BasisGroup)]
    public async Task Sfo_unit_on_a_group_that_is_not_an_sfo_group_is_rejected_naming_sfoUnitId(GroupKind kind)
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var unit = await client.CreateSfoUnitAsync(school.Id);

        var response = await client.PostAsJsonAsync(Groups, new GroupRequest(school.Id, "5B", kind, 2026, 5, unit.Id), HttpAssertions.Json, Ct);
        await response.ValidationProblemAsync("sfoUnitId");
    }

    [Fact]
    public async Task Sfo_unit_of_another_school_is_rejected_naming_sfoUnitId()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync("Lia skole");
        var otherUnit = await client.CreateSfoUnitAsync((await client.CreateSchoolAsync("Berg skole")).Id, "Berg SFO");

        var response = await client.PostAsJsonAsync(Groups, SfoGroup(school.Id, otherUnit.Id), HttpAssertions.Json, Ct);
        await response.ValidationProblemAsync("sfoUnitId");
    }

    [Fact]
    public async Task Sfo_unit_of_another_municipality_or_deactivated_is_rejected_naming_sfoUnitId()
    {
        var other = await NewAdminAsync("Annenvik kommune");
        var foreignUnit = await other.CreateSfoUnitAsync((await other.CreateSchoolAsync()).Id);
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var closedUnit = await client.CreateSfoUnitAsync(school.Id, "Stengt SFO");
        await (await client.PostAsync($"/api/v1/admin/sfo-units/{closedUnit.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        await (await client.PostAsJsonAsync(Groups, SfoGroup(school.Id, foreignUnit.Id), HttpAssertions.Json, Ct)).ValidationProblemAsync("sfoUnitId");
        await (await client.PostAsJsonAsync(Groups, SfoGroup(school.Id, closedUnit.Id), HttpAssertions.Json, Ct)).ValidationProblemAsync("sfoUnitId");
    }

    [Fact]
    public async Task Update_applies_the_sfo_unit_rules()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var unit = await client.CreateSfoUnitAsync(school.Id);
        var group = await client.CreateGroupAsync(Class(school.Id));

        await (await client.PutAsJsonAsync($"{Groups}/{group.Id}", SfoGroup(school.Id, null), HttpAssertions.Json, Ct)).ValidationProblemAsync("sfoUnitId");
        await (await client.PutAsJsonAsync($"{Groups}/{group.Id}", Class(school.Id) with { SfoUnitId = unit.Id }, HttpAssertions.Json, Ct))
            .ValidationProblemAsync("sfoUnitId");

        var changed = await (await client.PutAsJsonAsync($"{Groups}/{group.Id}", SfoGroup(school.Id, unit.Id), HttpAssertions.Json, Ct)).ReadAsync<GroupResponse>();
        Assert.Equal((GroupKind.SfoGroup, unit.Id), (changed.Kind, changed.SfoUnitId));
    }

    [Fact]
    public async Task Sfo_group_can_be_renamed_after_its_unit_is_deactivated()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        var unit = await client.CreateSfoUnitAsync(school.Id);
        var group = await client.CreateGroupAsync(SfoGroup(school.Id, unit.Id));
        await (await client.PostAsync($"/api/v1/admin/sfo-units/{unit.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var renamed = await (await client.PutAsJsonAsync($"{Groups}/{group.Id}", SfoGroup(school.Id, unit.Id, "Grønn gruppe"), HttpAssertions.Json, Ct))
            .ReadAsync<GroupResponse>();
        Assert.Equal("Grønn gruppe", renamed.Name);
    }

    [Fact]
    public async Task Moving_a_group_to_another_school_is_rejected_naming_schoolId()
    {
        var client = await NewAdminAsync();
        var first = await client.CreateSchoolAsync("Første skole");
        var second = await client.CreateSchoolAsync("Andre skole");
        var group = await client.CreateGroupAsync(Class(first.Id));

        var errors = await (await client.PutAsJsonAsync($"{Groups}/{group.Id}", Class(second.Id), HttpAssertions.Json, Ct)).ValidationProblemAsync("schoolId");
        Assert.Contains("kan ikke flyttes", errors.GetProperty("schoolId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(first.Id, (await (await client.GetAsync($"{Groups}/{group.Id}", Ct)).ReadAsync<GroupResponse>()).SchoolId);
    }

    [Fact]
    public async Task List_is_ordered_by_newest_school_year_then_grade_then_name_and_paged()
    {
        var client = await NewAdminAsync();
        var school = await client.CreateSchoolAsync();
        await client.CreateGroupAsync(Class(school.Id, "5B", 2025, 5));
        await client.CreateGroupAsync(Class(school.Id, "6A", 2026, 6));
        await client.CreateGroupAsync(Class(school.Id, "1B", 2026, 1));
        await client.CreateGroupAsync(Class(school.Id, "1A", 2026, 1));
        await client.CreateGroupAsync(Class(school.Id, "Basis 1-4", 2026, null) with { Kind = GroupKind.BasisGroup });

        var all = await client.ListAsync<GroupResponse>(Groups);
        Assert.Equal(["1A", "1B", "6A", "Basis 1-4", "5B"], all.Items.Select(g => g.Name));

        var page = await client.ListAsync<GroupResponse>($"{Groups}?page=2&pageSize=2");
        Assert.Equal(5, page.TotalCount);
        Assert.Equal(["6A", "Basis 1-4"], page.Items.Select(g => g.Name));
    }

    [Fact]
    public async Task List_filters_by_school_sfo_unit_kind_year_grade_and_name()
    {
        var client = await NewAdminAsync();
        var lia = await client.CreateSchoolAsync("Lia skole");
        var berg = await client.CreateSchoolAsync("Berg skole");
        var unit = await client.CreateSfoUnitAsync(lia.Id);
        await client.CreateGroupAsync(Class(lia.Id, "5A", 2026, 5));
        await client.CreateGroupAsync(Class(lia.Id, "5A", 2025, 5));
        await client.CreateGroupAsync(Class(lia.Id, "6A", 2026, 6));
        await client.CreateGroupAsync(Class(berg.Id, "5C", 2026, 5));
        await client.CreateGroupAsync(SfoGroup(lia.Id, unit.Id, "Blå gruppe"));

        async Task<string[]> Names(string query) =>
            [.. (await client.ListAsync<GroupResponse>($"{Groups}?{query}")).Items.Select(g => $"{g.Name}/{g.SchoolYear}")];

        Assert.Equal(["5C/2026"], await Names($"schoolId={berg.Id}"));
        Assert.Equal(["Blå gruppe/2026"], await Names($"sfoUnitId={unit.Id}"));
        Assert.Equal(["Blå gruppe/2026"], await Names("kind=SfoGroup"));
        Assert.Equal(["5A/2025"], await Names("schoolYear=2025"));
        Assert.Equal(["5A/2026", "5C/2026", "5A/2025"], await Names("grade=5"));
        Assert.Equal(["5A/2026"], await Names($"schoolId={lia.Id}&kind=Class&schoolYear=2026&grade=5"));
        Assert.Equal(["Blå gruppe/2026"], await Names("search=BLÅ"));
    }

    [Fact]
    public async Task List_filter_values_out_of_range_are_rejected_naming_the_parameter()
    {
        var client = await NewAdminAsync();
        await (await client.GetAsync($"{Groups}?grade=11", Ct)).ValidationProblemAsync("grade");
        await (await client.GetAsync($"{Groups}?schoolYear=1999", Ct)).ValidationProblemAsync("schoolYear");
        await (await client.GetAsync($"{Groups}?kind=9", Ct)).ValidationProblemAsync("kind");
        await (await client.GetAsync($"{Groups}?kind=Klasse", Ct)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Member_count_counts_the_active_pupils_of_each_group()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var school = await client.CreateSchoolAsync();
        var fiveA = await client.CreateGroupAsync(Class(school.Id, "5A"));
        var fiveB = await client.CreateGroupAsync(Class(school.Id, "5B"));
        var empty = await client.CreateGroupAsync(Class(school.Id, "5C"));

        await app.WithDbAsync(async db =>
        {
            var pupils = Enumerable.Range(1, 4)
                .Select(i => new Pupil(municipality) { SchoolId = school.Id, GivenName = $"Elev{i}", FamilyName = "Hansen", BirthDate = new DateOnly(2016, 3, i) })
                .ToList();
            pupils[3].Deactivate(app.Time.GetUtcNow());
            db.Pupils.AddRange(pupils);
            // 5A: three active pupils and one inactive; 5B: one active pupil who is also in 5A.
            db.GroupMemberships.AddRange(pupils.Select(p => new GroupMembership { PupilId = p.Id, GroupId = fiveA.Id }));
            db.GroupMemberships.Add(new GroupMembership { PupilId = pupils[0].Id, GroupId = fiveB.Id });
            return await db.SaveChangesAsync(Ct);
        });

        var counts = (await client.ListAsync<GroupResponse>(Groups)).Items.ToDictionary(g => g.Id, g => g.MemberCount);
        Assert.Equal(3, counts[fiveA.Id]);
        Assert.Equal(1, counts[fiveB.Id]);
        Assert.Equal(0, counts[empty.Id]);
        Assert.Equal(3, (await (await client.GetAsync($"{Groups}/{fiveA.Id}", Ct)).ReadAsync<GroupResponse>()).MemberCount);
        Assert.Equal(3, (await (await client.PostAsync($"{Groups}/{fiveA.Id}/deactivate", null, Ct)).ReadAsync<GroupResponse>()).MemberCount);
    }

    [Fact]
    public async Task Group_of_another_municipality_is_not_found()
    {
        var other = await NewAdminAsync("Annenvik kommune");
        var hidden = await other.CreateGroupAsync(Class((await other.CreateSchoolAsync()).Id, "Skjult"));

        var client = await NewAdminAsync();
        await (await client.GetAsync($"{Groups}/{hidden.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"{Groups}/{hidden.Id}", Class(hidden.SchoolId, "Kapret"), HttpAssertions.Json, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Groups}/{hidden.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Groups}/{hidden.Id}/activate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await client.ListAsync<GroupResponse>($"{Groups}?schoolId={hidden.SchoolId}&includeInactive=true")).Items);

        var stillThere = await (await other.GetAsync($"{Groups}/{hidden.Id}", Ct)).ReadAsync<GroupResponse>();
        Assert.Equal(hidden, stillThere);
    }

    [Fact]
    public async Task Guardian_may_not_use_the_group_admin_api()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var guardian = app.ClientFor(TestUser.Guardian(municipality, Guid.NewGuid()));
        await (await guardian.GetAsync(Groups, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await guardian.PostAsJsonAsync(Groups, Class(Guid.CreateVersion7()), HttpAssertions.Json, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
