using System.Net;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

public sealed class GuardianLinkTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Links = "/api/v1/admin/guardian-links";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(AdminSession Admin, Guid GuardianId, Guid PupilId)> GuardianAndPupilAsync(string municipality = "Testvik kommune")
    {
        var admin = await app.AdminOfNewMunicipalityAsync(municipality);
        var pupil = await admin.CreatePupilAsync(RosterTestData.Pupil(await admin.CreateSchoolAsync()));
        var guardian = await admin.CreateGuardianAsync(RosterTestData.Guardian());
        return (admin, guardian.Id, pupil.Id);
    }

    [Fact]
    public async Task Admin_creates_updates_deactivates_and_activates_a_link()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        var created = await (await admin.Client.PostJsonAsync(Links,
            new GuardianLinkCreateRequest(guardianId, pupilId, ParentalResponsibility: true, DailyCare: true, RightToInformation: false, Blocked: false, "kobling-1")))
            .ReadAsync<GuardianLinkResponse>(HttpStatusCode.Created);
        Assert.Equal((guardianId, pupilId, "kobling-1"), (created.GuardianId, created.PupilId, created.SourcedId));
        Assert.True(created.ParentalResponsibility && created.DailyCare && created.AllowsAccess && created.IsActive);

        var updated = await (await admin.Client.PutJsonAsync($"{Links}/{created.Id}",
            new GuardianLinkUpdateRequest(ParentalResponsibility: false, DailyCare: false, RightToInformation: true, Blocked: false))).ReadAsync<GuardianLinkResponse>();
        Assert.Equal((false, false, true, true), (updated.ParentalResponsibility, updated.DailyCare, updated.RightToInformation, updated.AllowsAccess));
        Assert.Null(updated.SourcedId);

        var deactivated = await (await admin.Client.PostAsync($"{Links}/{created.Id}/deactivate", null, Ct)).ReadAsync<GuardianLinkResponse>();
        Assert.Equal((false, false), (deactivated.IsActive, deactivated.AllowsAccess));
        Assert.Empty((await admin.Client.GetJsonAsync<Paged<GuardianLinkResponse>>(Links)).Items);
        Assert.Contains((await admin.Client.GetJsonAsync<Paged<GuardianLinkResponse>>($"{Links}?includeInactive=true")).Items, l => l.Id == created.Id && !l.IsActive);

        var activated = await (await admin.Client.PostAsync($"{Links}/{created.Id}/activate", null, Ct)).ReadAsync<GuardianLinkResponse>();
        Assert.Equal((true, true), (activated.IsActive, activated.AllowsAccess));
        var fetched = await admin.Client.GetJsonAsync<GuardianLinkResponse>($"{Links}/{created.Id}");
        Assert.Equal(activated, fetched);
    }

    [Theory]
    [InlineData(true, false, false, false, true)]
    [InlineData(false, false, true, false, true)]
    [InlineData(true, true, true, false, true)]
    [InlineData(false, true, false, false, false)]
    [InlineData(false, false, false, false, false)]
    [InlineData(true, true, true, true, false)]
    [InlineData(false, false, true, true, false)]
    public async Task Allows_access_follows_responsibility_information_and_block(
        bool parentalResponsibility, bool dailyCare, bool rightToInformation, bool blocked, bool allowsAccess)
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        var created = await (await admin.Client.PostJsonAsync(Links,
            new GuardianLinkCreateRequest(guardianId, pupilId, parentalResponsibility, dailyCare, rightToInformation, blocked)))
            .ReadAsync<GuardianLinkResponse>(HttpStatusCode.Created);
        Assert.Equal(allowsAccess, created.AllowsAccess);
        Assert.Equal(allowsAccess, (await admin.Client.GetJsonAsync<GuardianLinkResponse>($"{Links}/{created.Id}")).AllowsAccess);
    }

    [Fact]
    public async Task Blocking_a_link_ends_access_and_lifting_the_block_restores_it()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        var link = await admin.LinkAsync(guardianId, pupilId);
        var blocked = await (await admin.Client.PutJsonAsync($"{Links}/{link.Id}", new GuardianLinkUpdateRequest(true, true, false, Blocked: true)))
            .ReadAsync<GuardianLinkResponse>();
        Assert.Equal((true, false), (blocked.Blocked, blocked.AllowsAccess));
        var lifted = await (await admin.Client.PutJsonAsync($"{Links}/{link.Id}", new GuardianLinkUpdateRequest(true, true, false, Blocked: false)))
            .ReadAsync<GuardianLinkResponse>();
        Assert.True(lifted.AllowsAccess);
    }

    [Fact]
    public async Task Update_must_give_every_flag_so_a_block_is_never_lifted_by_omission()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        var link = await admin.LinkAsync(guardianId, pupilId);
        await (await admin.Client.PutJsonAsync($"{Links}/{link.Id}", new { parentalResponsibility = true }))
            .ValidationProblemAsync("dailyCare", "rightToInformation", "blocked");
    }

    [Fact]
    public async Task Update_does_not_move_the_link_to_another_guardian_or_pupil()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        var otherGuardian = await admin.CreateGuardianAsync(RosterTestData.Guardian("Ola"));
        var link = await admin.LinkAsync(guardianId, pupilId);
        var updated = await (await admin.Client.PutJsonAsync($"{Links}/{link.Id}", new
        {
            guardianId = otherGuardian.Id,
            pupilId = Guid.NewGuid(),
            parentalResponsibility = true,
            dailyCare = false,
            rightToInformation = false,
            blocked = false,
        })).ReadAsync<GuardianLinkResponse>();
        Assert.Equal((guardianId, pupilId), (updated.GuardianId, updated.PupilId));
        var fetched = await admin.Client.GetJsonAsync<GuardianLinkResponse>($"{Links}/{link.Id}");
        Assert.Equal((guardianId, pupilId), (fetched.GuardianId, fetched.PupilId));
    }

    [Fact]
    public async Task Link_without_guardian_and_pupil_names_both_fields()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        await (await admin.Client.PostJsonAsync(Links, new { parentalResponsibility = true, dailyCare = true, rightToInformation = false, blocked = false }))
            .ValidationProblemAsync("guardianId", "pupilId");
    }

    [Fact]
    public async Task Link_without_its_flags_is_refused_naming_each_missing_flag_and_nothing_is_created()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();

        // An omitted "blocked" must never be read as "not blocked".
        var errors = await (await admin.Client.PostJsonAsync(Links, new { guardianId, pupilId, parentalResponsibility = true }))
            .ValidationProblemAsync("dailyCare", "rightToInformation", "blocked");
        Assert.Equal("Oppgi om koblingen er sperret.", errors.GetProperty("blocked")[0].GetString());
        await (await admin.Client.PostJsonAsync(Links, new { guardianId, pupilId, dailyCare = true, rightToInformation = false, blocked = false }))
            .ValidationProblemAsync("parentalResponsibility");

        var list = await admin.Client.GetJsonAsync<Paged<GuardianLinkResponse>>($"{Links}?guardianId={guardianId}");
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task Unknown_guardian_and_pupil_are_rejected_naming_both_fields()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var errors = await (await admin.Client.PostJsonAsync(Links, new GuardianLinkCreateRequest(Guid.NewGuid(), Guid.NewGuid(), true, true, false, false)))
            .ValidationProblemAsync("guardianId", "pupilId");
        Assert.Contains("foresatt", errors.GetProperty("guardianId")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("elev", errors.GetProperty("pupilId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guardian_link_to_pupil_of_another_municipality_is_rejected()
    {
        var (admin, guardianId, _) = await GuardianAndPupilAsync();
        var (_, foreignGuardianId, foreignPupilId) = await GuardianAndPupilAsync("Annen kommune");
        await (await admin.Client.PostJsonAsync(Links, new GuardianLinkCreateRequest(guardianId, foreignPupilId, true, true, false, false)))
            .ValidationProblemAsync("pupilId");
        await (await admin.Client.PostJsonAsync(Links, new GuardianLinkCreateRequest(foreignGuardianId, foreignPupilId, true, true, false, false)))
            .ValidationProblemAsync("guardianId", "pupilId");
    }

    [Fact]
    public async Task Deactivated_guardian_cannot_be_linked()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        await (await admin.Client.PostAsync($"/api/v1/admin/guardians/{guardianId}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await admin.Client.PostJsonAsync(Links, new GuardianLinkCreateRequest(guardianId, pupilId, true, true, false, false)))
            .ValidationProblemAsync("guardianId");
    }

    [Fact]
    public async Task Second_link_for_the_same_guardian_and_pupil_conflicts()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        var link = await admin.LinkAsync(guardianId, pupilId);
        var problem = await (await admin.Client.PostJsonAsync(Links, new GuardianLinkCreateRequest(guardianId, pupilId, false, false, true, false)))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("allerede knyttet", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Also when the first link is deactivated: it is to be activated again, not duplicated.
        await (await admin.Client.PostAsync($"{Links}/{link.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await admin.Client.PostJsonAsync(Links, new GuardianLinkCreateRequest(guardianId, pupilId, true, true, false, false)))
            .ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task List_filters_by_pupil_and_guardian_and_is_paged()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();
        var emma = await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Emma"));
        var jonas = await admin.CreatePupilAsync(RosterTestData.Pupil(school, "Jonas"));
        var kari = await admin.CreateGuardianAsync(RosterTestData.Guardian("Kari"));
        var ola = await admin.CreateGuardianAsync(RosterTestData.Guardian("Ola"));
        var kariEmma = await admin.LinkAsync(kari.Id, emma.Id);
        var kariJonas = await admin.LinkAsync(kari.Id, jonas.Id);
        var olaJonas = await admin.LinkAsync(ola.Id, jonas.Id);

        async Task<Guid[]> Ids(string query) =>
            [.. (await admin.Client.GetJsonAsync<Paged<GuardianLinkResponse>>($"{Links}?{query}")).Items.Select(l => l.Id)];
        Assert.Equal([kariEmma.Id, kariJonas.Id, olaJonas.Id], await Ids(""));
        Assert.Equal([kariJonas.Id, olaJonas.Id], await Ids($"pupilId={jonas.Id}"));
        Assert.Equal([kariEmma.Id, kariJonas.Id], await Ids($"guardianId={kari.Id}"));
        Assert.Equal([kariJonas.Id], await Ids($"guardianId={kari.Id}&pupilId={jonas.Id}"));

        var page = await admin.Client.GetJsonAsync<Paged<GuardianLinkResponse>>($"{Links}?page=2&pageSize=2");
        Assert.Equal((3, 2), (page.TotalCount, page.Page));
        Assert.Equal([olaJonas.Id], page.Items.Select(l => l.Id));
    }

    [Fact]
    public async Task Link_of_another_municipality_is_not_found()
    {
        var (other, foreignGuardianId, foreignPupilId) = await GuardianAndPupilAsync("Annen kommune");
        var hidden = await other.LinkAsync(foreignGuardianId, foreignPupilId);

        var admin = await app.AdminOfNewMunicipalityAsync();
        await admin.Client.ShouldNotFindAsync(Links, hidden.Id, new GuardianLinkUpdateRequest(false, false, false, true));
        Assert.Empty((await admin.Client.GetJsonAsync<Paged<GuardianLinkResponse>>($"{Links}?includeInactive=true&pupilId={foreignPupilId}")).Items);

        var unchanged = await other.Client.GetJsonAsync<GuardianLinkResponse>($"{Links}/{hidden.Id}");
        Assert.Equal((false, true), (unchanged.Blocked, unchanged.AllowsAccess));
    }

    [Fact]
    public async Task Guardian_and_staff_may_not_use_the_guardian_link_admin_api()
    {
        var (admin, guardianId, pupilId) = await GuardianAndPupilAsync();
        var link = await admin.LinkAsync(guardianId, pupilId);
        await app.ShouldRefuseGuardianAndStaffAsync(admin, Links, link.Id,
            new GuardianLinkCreateRequest(guardianId, pupilId, true, true, true, false), new GuardianLinkUpdateRequest(false, false, false, true));
    }
}
