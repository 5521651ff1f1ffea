using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

public sealed class StaffTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_a_staff_member()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));

        var created = await (await client.PostAsJsonAsync("/api/v1/admin/staff",
            new StaffRequest(" Kari ", "Larsen", "Kari.Larsen@Trondheim.Kommune.no", "kari.larsen@trondheim.kommune.no", "+4791234567", "staff-1"), Ct))
            .ReadAsync<StaffResponse>(HttpStatusCode.Created);
        Assert.Equal("Kari", created.GivenName);
        Assert.Equal("kari.larsen@trondheim.kommune.no", created.FeideId);
        Assert.Equal("+4791234567", created.Mobile);
        Assert.True(created.IsActive);

        var updated = await (await client.PutAsJsonAsync($"/api/v1/admin/staff/{created.Id}",
            new StaffRequest("Kari", "Larsen Berg", created.FeideId, null, "", "staff-1"), Ct)).ReadAsync<StaffResponse>();
        Assert.Equal("Larsen Berg", updated.FamilyName);
        Assert.Equal("kari.larsen@trondheim.kommune.no", updated.FeideId);
        Assert.Null(updated.Email);
        Assert.Null(updated.Mobile);

        var deactivated = await (await client.PostAsync($"/api/v1/admin/staff/{created.Id}/deactivate", null, Ct)).ReadAsync<StaffResponse>();
        Assert.False(deactivated.IsActive);
        Assert.DoesNotContain((await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff")).Items, s => s.Id == created.Id);
        Assert.Contains((await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?includeInactive=true")).Items, s => s.Id == created.Id && !s.IsActive);

        var activated = await (await client.PostAsync($"/api/v1/admin/staff/{created.Id}/activate", null, Ct)).ReadAsync<StaffResponse>();
        Assert.True(activated.IsActive);
        var fetched = await (await client.GetAsync($"/api/v1/admin/staff/{created.Id}", Ct)).ReadAsync<StaffDetailsResponse>();
        Assert.Equal(activated, fetched.Staff);
    }

    [Fact]
    public async Task Staff_without_names_and_with_bad_feide_id_email_and_mobile_names_every_field()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PostAsJsonAsync("/api/v1/admin/staff",
            new { givenName = "", familyName = (string?)null, feideId = "kari.larsen", email = "ikke-en-adresse", mobile = "91234567" }, Ct);
        var errors = await response.ValidationProblemAsync("givenName", "familyName", "feideId", "email", "mobile");
        Assert.Contains("Fornavn", errors.GetProperty("givenName")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("E-postadressen", errors.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_longer_than_100_characters_are_rejected()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PostAsJsonAsync("/api/v1/admin/staff", new StaffRequest(new string('K', 101), new string('L', 101), null, null, null, null), Ct);
        await response.ValidationProblemAsync("givenName", "familyName");
    }

    [Theory]
    [InlineData("kari@skole")]
    [InlineData("@trondheim.kommune.no")]
    [InlineData("kari@@trondheim.kommune.no")]
    [InlineData("kari larsen@trondheim.kommune.no")]
    [InlineData("kari@trondheim..no")]
    [InlineData("kari@.no")]
    public async Task Feide_id_that_is_not_user_at_a_dotted_realm_is_rejected(string feideId)
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PostAsJsonAsync("/api/v1/admin/staff", new StaffRequest("Kari", "Larsen", feideId, null, null, null), Ct);
        await response.ValidationProblemAsync("feideId");
    }

    [Fact]
    public async Task Feide_id_longer_than_254_characters_is_rejected()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var feideId = new string('k', 240) + "@trondheim.kommune.no";
        var response = await client.PostAsJsonAsync("/api/v1/admin/staff", new StaffRequest("Kari", "Larsen", feideId, null, null, null), Ct);
        await response.ValidationProblemAsync("feideId");
    }

    [Fact]
    public async Task Feide_id_of_staff_in_another_municipality_is_a_conflict_whatever_its_case()
    {
        var other = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync("Annen kommune")));
        await other.CreateStaffMemberAsync(feideId: "per.hansen@feide.example.no");

        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var response = await client.PostAsJsonAsync("/api/v1/admin/staff", new StaffRequest("Per", "Hansen", "Per.Hansen@Feide.Example.no", null, null, null), Ct);
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Feide-id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var mine = await client.CreateStaffMemberAsync(givenName: "Pål");
        await (await client.PutAsJsonAsync($"/api/v1/admin/staff/{mine.Id}",
            new StaffRequest("Pål", "Larsen", "per.hansen@feide.example.no", null, null, null), Ct)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Staff_member_keeps_their_own_feide_id_when_updated()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        var created = await client.CreateStaffMemberAsync(feideId: "eva.berg@skole.example.no");
        var updated = await (await client.PutAsJsonAsync($"/api/v1/admin/staff/{created.Id}",
            new StaffRequest("Eva", "Berg", "eva.berg@skole.example.no", "eva@skole.example.no", null, null), Ct)).ReadAsync<StaffResponse>();
        Assert.Equal("eva@skole.example.no", updated.Email);
    }

    [Fact]
    public async Task List_is_paged_searched_and_ordered_by_family_name_then_given_name()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await client.CreateStaffMemberAsync("Per", "Hansen", feideId: "per.hansen@lia.example.no");
        await client.CreateStaffMemberAsync("Anne", "Hansen", email: "anne.h@kommune.example.no");
        await client.CreateStaffMemberAsync("Ola", "Berg");
        await client.CreateStaffMemberAsync("Kari", "Aas");

        var all = await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff");
        Assert.Equal(["Aas Kari", "Berg Ola", "Hansen Anne", "Hansen Per"], all.Items.Select(s => $"{s.FamilyName} {s.GivenName}"));

        var page = await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?page=2&pageSize=3");
        Assert.Equal(4, page.TotalCount);
        Assert.Equal(2, page.Page);
        Assert.Equal(["Per"], page.Items.Select(s => s.GivenName));

        Assert.Equal(["Per"], (await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?search=LIA.EXAMPLE")).Items.Select(s => s.GivenName));
        Assert.Equal(["Anne"], (await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?search=anne.h@")).Items.Select(s => s.GivenName));
        Assert.Equal(["Ola"], (await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?search=ola%20berg")).Items.Select(s => s.GivenName));
        Assert.Equal(2, (await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?search=hansen")).TotalCount);
    }

    [Fact]
    public async Task List_filters_by_school_and_role_of_active_assignments()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var lia = await app.ArrangeSchoolAsync(municipality, "Lianvatnet skole");
        var berg = await app.ArrangeSchoolAsync(municipality, "Berg skole");
        var class5A = await app.ArrangeGroupAsync(municipality, lia, "5A");

        var teacher = await client.CreateStaffMemberAsync("Tone", "Lærer");
        await client.CreateAssignmentAsync(teacher.Id, lia, StaffRole.Teacher, class5A);
        var principal = await client.CreateStaffMemberAsync("Rolf", "Rektor");
        await client.CreateAssignmentAsync(principal.Id, berg, StaffRole.Principal);
        var formerPrincipal = await client.CreateStaffMemberAsync("Frida", "Før");
        var former = await client.CreateAssignmentAsync(formerPrincipal.Id, lia, StaffRole.Principal);
        await (await client.PostAsync($"/api/v1/admin/staff-assignments/{former.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await client.CreateStaffMemberAsync("Uten", "Rolle");

        Assert.Equal(["Tone"], (await client.GetPageAsync<StaffResponse>($"/api/v1/admin/staff?schoolId={lia}")).Items.Select(s => s.GivenName));
        Assert.Equal(["Rolf"], (await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?role=Principal")).Items.Select(s => s.GivenName));
        Assert.Empty((await client.GetPageAsync<StaffResponse>($"/api/v1/admin/staff?schoolId={lia}&role=Principal")).Items);
        Assert.Equal(["Rolf"], (await client.GetPageAsync<StaffResponse>($"/api/v1/admin/staff?schoolId={berg}&role=Principal")).Items.Select(s => s.GivenName));
        Assert.Equal(4, (await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff")).TotalCount);
    }

    [Fact]
    public async Task Unknown_role_filter_is_rejected()
    {
        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await (await client.GetAsync("/api/v1/admin/staff?role=Vaktmester", Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/v1/admin/staff?role=42", Ct)).ValidationProblemAsync("role");
    }

    [Fact]
    public async Task Staff_details_include_every_assignment_with_its_groups()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var client = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var lia = await app.ArrangeSchoolAsync(municipality, "Lianvatnet skole");
        var berg = await app.ArrangeSchoolAsync(municipality, "Berg skole");
        var class5A = await app.ArrangeGroupAsync(municipality, lia, "5A");
        var staff = await client.CreateStaffMemberAsync();
        var teaching = await client.CreateAssignmentAsync(staff.Id, lia, StaffRole.ContactTeacher, class5A);
        var office = await client.CreateAssignmentAsync(staff.Id, berg, StaffRole.Office);
        await (await client.PostAsync($"/api/v1/admin/staff-assignments/{office.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var details = await (await client.GetAsync($"/api/v1/admin/staff/{staff.Id}", Ct)).ReadAsync<StaffDetailsResponse>();
        Assert.Equal(staff.Id, details.Staff.Id);
        Assert.Equal([(berg, StaffRole.Office, false), (lia, StaffRole.ContactTeacher, true)],
            details.Assignments.Select(a => (a.SchoolId, a.Role, a.IsActive)));
        Assert.Equal([class5A], details.Assignments.Single(a => a.Id == teaching.Id).GroupIds);
        Assert.Equal("Lianvatnet skole", details.Assignments.Single(a => a.Id == teaching.Id).SchoolName);
    }

    [Fact]
    public async Task Staff_of_another_municipality_is_not_found()
    {
        var other = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync("Annen kommune")));
        var hidden = await other.CreateStaffMemberAsync("Skjult", "Ansatt");

        var client = app.ClientFor(TestUser.MunicipalityAdmin(await app.CreateMunicipalityAsync()));
        await (await client.GetAsync($"/api/v1/admin/staff/{hidden.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/api/v1/admin/staff/{hidden.Id}", new StaffRequest("Kapret", "Ansatt", null, null, null, null), Ct))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/api/v1/admin/staff/{hidden.Id}/deactivate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/api/v1/admin/staff/{hidden.Id}/activate", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await client.GetPageAsync<StaffResponse>("/api/v1/admin/staff?includeInactive=true&search=Skjult")).Items);

        var untouched = await (await other.GetAsync($"/api/v1/admin/staff/{hidden.Id}", Ct)).ReadAsync<StaffDetailsResponse>();
        Assert.Equal("Skjult", untouched.Staff.GivenName);
        Assert.True(untouched.Staff.IsActive);
    }

    [Theory]
    [InlineData("/api/v1/admin/staff")]
    [InlineData("/api/v1/admin/staff-assignments")]
    [InlineData("/api/v1/admin/administrators")]
    public async Task Staff_member_and_guardian_may_not_use_the_staff_admin_apis(string url)
    {
        var municipality = await app.CreateMunicipalityAsync();
        await (await app.ClientFor(TestUser.Staff(municipality, Guid.NewGuid())).GetAsync(url, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ClientFor(TestUser.Guardian(municipality, Guid.NewGuid())).PostAsJsonAsync(url, new { }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ClientFor(null).GetAsync(url, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
