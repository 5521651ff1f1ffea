using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Roster;

public sealed class StaffAssignmentTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Url = "/api/v1/admin/staff-assignments";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A municipality with an admin client, one school with two classes and an SFO group, and one staff member.</summary>
    private sealed record Setup(HttpClient Client, Guid MunicipalityId, Guid SchoolId, Guid Class5A, Guid Class5B, Guid SfoGroup, Guid StaffId);

    private async Task<Setup> ArrangeAsync()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var school = await app.ArrangeSchoolAsync(municipality);
        var class5A = await app.ArrangeGroupAsync(municipality, school, "5A");
        var class5B = await app.ArrangeGroupAsync(municipality, school, "5B", GroupKind.BasisGroup);
        var sfo = await app.ArrangeGroupAsync(municipality, school, "SFO 1.–2. trinn", GroupKind.SfoGroup);
        var staff = await client.CreateStaffMemberAsync();
        return new Setup(client, municipality, school, class5A, class5B, sfo, staff.Id);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, object request) => client.PostAsJsonAsync(Url, request, HttpAssertions.Json, Ct);

    [Fact]
    public async Task Admin_assigns_a_teacher_changes_the_groups_and_deactivates_and_activates_the_assignment()
    {
        var s = await ArrangeAsync();
        var created = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.Teacher, s.Class5A, s.Class5A);
        Assert.Equal(StaffRole.Teacher, created.Role);
        Assert.Equal([s.Class5A], created.GroupIds);
        Assert.Equal("Kari Larsen", created.StaffName);
        Assert.Equal("Lianvatnet skole", created.SchoolName);
        Assert.True(created.IsActive);

        var updated = await (await s.Client.PutAsJsonAsync($"{Url}/{created.Id}",
            new StaffAssignmentUpdateRequest(StaffRole.ContactTeacher, [s.Class5B, s.SfoGroup], "tildeling-1"), HttpAssertions.Json, Ct))
            .ReadAsync<StaffAssignmentResponse>();
        Assert.Equal(StaffRole.ContactTeacher, updated.Role);
        Assert.Equal(new[] { s.Class5B, s.SfoGroup }.Order(), updated.GroupIds);
        Assert.Equal("tildeling-1", updated.SourcedId);
        var rows = await app.WithDbAsync(db => db.StaffAssignmentGroups.Where(g => g.StaffAssignmentId == created.Id).Select(g => g.GroupId).ToListAsync(Ct));
        Assert.Equal(new[] { s.Class5B, s.SfoGroup }.Order(), rows.Order());

        var deactivated = await (await s.Client.PostAsync($"{Url}/{created.Id}/deactivate", null, Ct)).ReadAsync<StaffAssignmentResponse>();
        Assert.False(deactivated.IsActive);
        Assert.Empty((await s.Client.GetPageAsync<StaffAssignmentResponse>(Url)).Items);
        Assert.Single((await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?includeInactive=true")).Items);

        var activated = await (await s.Client.PostAsync($"{Url}/{created.Id}/activate", null, Ct)).ReadAsync<StaffAssignmentResponse>();
        Assert.True(activated.IsActive);
        var fetched = await (await s.Client.GetAsync($"{Url}/{created.Id}", Ct)).ReadAsync<StaffAssignmentResponse>();
        Assert.True(fetched.IsActive);
        Assert.Equal(StaffRole.ContactTeacher, fetched.Role);
        Assert.Equal(updated.GroupIds, fetched.GroupIds);
    }

    [Fact]
    public async Task Role_is_written_and_read_as_its_name()
    {
        var s = await ArrangeAsync();
        var response = await s.Client.PostAsJsonAsync(Url, new { staffId = s.StaffId, schoolId = s.SchoolId, role = "SfoLeader" }, Ct);
        var json = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal("SfoLeader", json.GetProperty("role").GetString());
        Assert.Equal(0, json.GetProperty("groupIds").GetArrayLength());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_role_by_its_names()
    {
        var document = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var role = document.GetProperty("components").GetProperty("schemas").GetProperty("StaffRole");
        // The schema is shared with the optional role of requests and filters, so it may also list null.
        Assert.Equal(Enum.GetNames<StaffRole>(), role.GetProperty("enum").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("Vaktmester")]
    [InlineData(99)]
    public async Task Unknown_role_is_rejected_naming_role(object role)
    {
        var s = await ArrangeAsync();
        var response = await s.Client.PostAsJsonAsync(Url, new { staffId = s.StaffId, schoolId = s.SchoolId, role, groupIds = new[] { s.Class5A } }, Ct);
        await response.ValidationProblemAsync("role");
    }

    [Fact]
    public async Task Assignment_without_staff_school_and_role_names_all_three()
    {
        var s = await ArrangeAsync();
        var errors = await (await s.Client.PostAsJsonAsync(Url, new { groupIds = Array.Empty<Guid>() }, Ct)).ValidationProblemAsync("staffId", "schoolId", "role");
        Assert.Contains("ansatte", errors.GetProperty("staffId")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StaffRole.Teacher)]
    [InlineData(StaffRole.ContactTeacher)]
    public async Task Teacher_without_groups_is_rejected_naming_groupIds(StaffRole role)
    {
        var s = await ArrangeAsync();
        var errors = await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(s.StaffId, s.SchoolId, role, [], null))).ValidationProblemAsync("groupIds");
        Assert.Contains("minst én gruppe", errors.GetProperty("groupIds")[0].GetString(), StringComparison.Ordinal);
        await (await PostAsync(s.Client, new { staffId = s.StaffId, schoolId = s.SchoolId, role })).ValidationProblemAsync("groupIds");
    }

    [Theory]
    [InlineData(StaffRole.Office)]
    [InlineData(StaffRole.Principal)]
    public async Task Office_and_principal_cover_the_whole_school_and_may_not_name_groups(StaffRole role)
    {
        var s = await ArrangeAsync();
        var errors = await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(s.StaffId, s.SchoolId, role, [s.Class5A], null))).ValidationProblemAsync("groupIds");
        Assert.Contains("hele skolen", errors.GetProperty("groupIds")[0].GetString(), StringComparison.Ordinal);

        var whole = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, role);
        Assert.Empty(whole.GroupIds);
    }

    [Theory]
    [InlineData(StaffRole.SfoStaff)]
    [InlineData(StaffRole.SfoLeader)]
    public async Task Sfo_roles_may_name_sfo_groups_only(StaffRole role)
    {
        var s = await ArrangeAsync();
        var errors = await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(s.StaffId, s.SchoolId, role, [s.SfoGroup, s.Class5A], null)))
            .ValidationProblemAsync("groupIds");
        Assert.Contains("SFO-grupper", errors.GetProperty("groupIds")[0].GetString(), StringComparison.Ordinal);

        var sfo = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, role, s.SfoGroup);
        Assert.Equal([s.SfoGroup], sfo.GroupIds);
    }

    [Fact]
    public async Task Sfo_staff_may_cover_the_whole_sfo_without_naming_groups()
    {
        var s = await ArrangeAsync();
        var assignment = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.SfoStaff);
        Assert.Empty(assignment.GroupIds);
    }

    [Fact]
    public async Task Groups_must_be_active_groups_of_the_same_school()
    {
        var s = await ArrangeAsync();
        var otherSchool = await app.ArrangeSchoolAsync(s.MunicipalityId, "Berg skole");
        var groupElsewhere = await app.ArrangeGroupAsync(s.MunicipalityId, otherSchool, "7C");
        var inactiveGroup = await app.ArrangeGroupAsync(s.MunicipalityId, s.SchoolId, "4A 2025", active: false);
        var otherMunicipality = await app.CreateMunicipalityAsync("Annen kommune");
        var foreignGroup = await app.ArrangeGroupAsync(otherMunicipality, await app.ArrangeSchoolAsync(otherMunicipality), "5A");

        foreach (var bad in new[] { groupElsewhere, inactiveGroup, foreignGroup, Guid.NewGuid() })
        {
            await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(s.StaffId, s.SchoolId, StaffRole.Teacher, [s.Class5A, bad], null)))
                .ValidationProblemAsync("groupIds");
        }

        var assignment = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.Teacher, s.Class5A);
        await (await s.Client.PutAsJsonAsync($"{Url}/{assignment.Id}", new StaffAssignmentUpdateRequest(StaffRole.Teacher, [groupElsewhere], null), HttpAssertions.Json, Ct))
            .ValidationProblemAsync("groupIds");
    }

    [Fact]
    public async Task Staff_and_school_of_another_municipality_are_rejected_naming_both_fields()
    {
        var s = await ArrangeAsync();
        var otherMunicipality = await app.CreateMunicipalityAsync("Annen kommune");
        var other = app.ClientFor(TestUser.MunicipalityAdmin(otherMunicipality));
        var foreignStaff = await other.CreateStaffMemberAsync("Fremmed", "Ansatt");
        var foreignSchool = await app.ArrangeSchoolAsync(otherMunicipality, "Fremmed skole");

        var response = await PostAsync(s.Client, new StaffAssignmentCreateRequest(foreignStaff.Id, foreignSchool, StaffRole.Principal, [], null));
        await response.ValidationProblemAsync("staffId", "schoolId");
        Assert.Equal(0, await app.WithDbAsync(db => db.StaffAssignments.CountAsync(a => a.StaffId == foreignStaff.Id, Ct)));
    }

    [Fact]
    public async Task Deactivated_staff_member_and_school_are_rejected()
    {
        var s = await ArrangeAsync();
        await (await s.Client.PostAsync($"/api/v1/admin/staff/{s.StaffId}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(s.StaffId, s.SchoolId, StaffRole.Teacher, [s.Class5A], null))).ValidationProblemAsync("staffId");

        var active = await s.Client.CreateStaffMemberAsync("Aktiv", "Ansatt");
        var closedSchool = await app.ArrangeSchoolAsync(s.MunicipalityId, "Nedlagt skole");
        await app.WithDbAsync(async db =>
        {
            (await db.Schools.SingleAsync(x => x.Id == closedSchool, Ct)).Deactivate(MeldebokApp.DefaultNow);
            return await db.SaveChangesAsync(Ct);
        });
        await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(active.Id, closedSchool, StaffRole.Principal, [], null))).ValidationProblemAsync("schoolId");
    }

    [Fact]
    public async Task Same_role_twice_at_the_same_school_is_a_conflict_even_when_the_first_is_deactivated()
    {
        var s = await ArrangeAsync();
        var first = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.Teacher, s.Class5A);
        var problem = await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(s.StaffId, s.SchoolId, StaffRole.Teacher, [s.Class5B], null)))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("allerede rollen lærer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await (await s.Client.PostAsync($"{Url}/{first.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        problem = await (await PostAsync(s.Client, new StaffAssignmentCreateRequest(s.StaffId, s.SchoolId, StaffRole.Teacher, [s.Class5B], null)))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Aktiver", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Another role at the same school is a separate assignment.
        await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.ContactTeacher, s.Class5B);
    }

    [Fact]
    public async Task Changing_to_a_role_the_staff_member_already_holds_at_the_school_is_a_conflict()
    {
        var s = await ArrangeAsync();
        await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.ContactTeacher, s.Class5A);
        var teaching = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.Teacher, s.Class5B);

        await (await s.Client.PutAsJsonAsync($"{Url}/{teaching.Id}", new StaffAssignmentUpdateRequest(StaffRole.ContactTeacher, [s.Class5B], null), HttpAssertions.Json, Ct))
            .ProblemAsync(HttpStatusCode.Conflict);
        // Keeping its own role is no conflict with itself.
        await (await s.Client.PutAsJsonAsync($"{Url}/{teaching.Id}", new StaffAssignmentUpdateRequest(StaffRole.Teacher, [s.Class5A], null), HttpAssertions.Json, Ct))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Update_applies_the_group_rule_of_the_new_role_and_keeps_staff_and_school()
    {
        var s = await ArrangeAsync();
        var assignment = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.Teacher, s.Class5A, s.Class5B);

        await (await s.Client.PutAsJsonAsync($"{Url}/{assignment.Id}", new StaffAssignmentUpdateRequest(StaffRole.Principal, [s.Class5A], null), HttpAssertions.Json, Ct))
            .ValidationProblemAsync("groupIds");
        await (await s.Client.PutAsJsonAsync($"{Url}/{assignment.Id}", new StaffAssignmentUpdateRequest(StaffRole.Teacher, [], null), HttpAssertions.Json, Ct))
            .ValidationProblemAsync("groupIds");
        await (await s.Client.PutAsJsonAsync($"{Url}/{assignment.Id}", new { groupIds = new[] { s.Class5A } }, Ct)).ValidationProblemAsync("role");

        var otherStaff = await s.Client.CreateStaffMemberAsync("Annen", "Ansatt");
        var otherSchool = await app.ArrangeSchoolAsync(s.MunicipalityId, "Berg skole");
        var principal = await (await s.Client.PutAsJsonAsync($"{Url}/{assignment.Id}",
            new { role = "Principal", groupIds = Array.Empty<Guid>(), staffId = otherStaff.Id, schoolId = otherSchool }, Ct)).ReadAsync<StaffAssignmentResponse>();
        Assert.Equal(StaffRole.Principal, principal.Role);
        Assert.Empty(principal.GroupIds);
        Assert.Equal(s.StaffId, principal.StaffId);
        Assert.Equal(s.SchoolId, principal.SchoolId);
        Assert.Equal(0, await app.WithDbAsync(db => db.StaffAssignmentGroups.CountAsync(g => g.StaffAssignmentId == assignment.Id, Ct)));
    }

    [Fact]
    public async Task List_filters_by_staff_school_role_and_group_and_is_paged()
    {
        var s = await ArrangeAsync();
        var otherSchool = await app.ArrangeSchoolAsync(s.MunicipalityId, "Berg skole");
        var colleague = await s.Client.CreateStaffMemberAsync("Anne", "Aas");
        var kariTeacher = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.Teacher, s.Class5A);
        var kariSfo = await s.Client.CreateAssignmentAsync(s.StaffId, s.SchoolId, StaffRole.SfoStaff, s.SfoGroup);
        var anneTeacher = await s.Client.CreateAssignmentAsync(colleague.Id, s.SchoolId, StaffRole.Teacher, s.Class5A, s.Class5B);
        var annePrincipal = await s.Client.CreateAssignmentAsync(colleague.Id, otherSchool, StaffRole.Principal);

        // Ordered by staff family name, then school name, then role.
        var all = await s.Client.GetPageAsync<StaffAssignmentResponse>(Url);
        Assert.Equal([annePrincipal.Id, anneTeacher.Id, kariSfo.Id, kariTeacher.Id], all.Items.Select(a => a.Id));

        Assert.Equal([kariSfo.Id, kariTeacher.Id], (await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?staffId={s.StaffId}")).Items.Select(a => a.Id));
        Assert.Equal([annePrincipal.Id], (await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?schoolId={otherSchool}")).Items.Select(a => a.Id));
        Assert.Equal([anneTeacher.Id, kariTeacher.Id], (await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?role=Teacher")).Items.Select(a => a.Id));
        Assert.Equal([anneTeacher.Id], (await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?groupId={s.Class5B}")).Items.Select(a => a.Id));
        Assert.Equal([anneTeacher.Id], (await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?groupId={s.Class5A}&staffId={colleague.Id}")).Items.Select(a => a.Id));

        var page = await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?page=2&pageSize=3");
        Assert.Equal(4, page.TotalCount);
        Assert.Equal([kariTeacher.Id], page.Items.Select(a => a.Id));

        await (await s.Client.PostAsync($"{Url}/{kariSfo.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal([kariTeacher.Id], (await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?staffId={s.StaffId}")).Items.Select(a => a.Id));
        Assert.Equal(2, (await s.Client.GetPageAsync<StaffAssignmentResponse>($"{Url}?staffId={s.StaffId}&includeInactive=true")).TotalCount);
    }

    [Fact]
    public async Task Assignment_of_another_municipality_is_not_found()
    {
        var hidden = await ArrangeAsync();
        var assignment = await hidden.Client.CreateAssignmentAsync(hidden.StaffId, hidden.SchoolId, StaffRole.Teacher, hidden.Class5A);

        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await (await client.GetAsync($"{Url}/{assignment.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"{Url}/{assignment.Id}", new StaffAssignmentUpdateRequest(StaffRole.Teacher, [hidden.Class5B], null), HttpAssertions.Json, Ct))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Url}/{assignment.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"{Url}/{assignment.Id}/activate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await client.GetPageAsync<StaffAssignmentResponse>($"{Url}?staffId={hidden.StaffId}&includeInactive=true")).Items);
        Assert.True((await (await hidden.Client.GetAsync($"{Url}/{assignment.Id}", Ct)).ReadAsync<StaffAssignmentResponse>()).IsActive);
    }
}
