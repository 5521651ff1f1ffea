using System.Net;
using Meldebok.Server.Features.Pupils;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.Pupils;

public sealed class PupilAccessTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Links = "/api/v1/admin/guardian-links";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Guardian_sees_own_child_with_school_and_groups_but_no_staff_fields()
    {
        var world = await app.ArrangeWorldAsync();
        var guardian = await app.GuardianClientAsync(world.GuardianA);

        Assert.Equal([world.PupilA], await guardian.ListedPupilsAsync());
        var pupil = await guardian.GetJsonAsync<ReachablePupilResponse>($"/api/v1/pupils/{world.PupilA}");
        Assert.Equal(("Emma", "Hansen", world.SchoolId, "Lianvatnet skole"), (pupil.GivenName, pupil.FamilyName, pupil.SchoolId, pupil.SchoolName));
        Assert.Equal([world.ClassA], pupil.Groups.Select(g => g.Id));
        Assert.Null(pupil.Guardians);
        Assert.Null(pupil.HasProtectedAddress);
    }

    [Fact]
    public async Task Guardian_of_another_pupil_gets_404()
    {
        var world = await app.ArrangeWorldAsync();
        var guardian = await app.GuardianClientAsync(world.GuardianB);
        await guardian.ShouldNotReachAsync(world.PupilA);
    }

    [Theory]
    [InlineData(false, true, false, true)]
    [InlineData(false, false, false, false)]
    [InlineData(true, false, true, false)]
    [InlineData(false, true, true, false)]
    public async Task Guardian_reach_follows_responsibility_information_and_block(bool parentalResponsibility, bool rightToInformation, bool blocked, bool reaches)
    {
        var world = await app.ArrangeWorldAsync();
        await (await world.Admin.Client.PutJsonAsync($"{Links}/{world.LinkA}",
            new GuardianLinkUpdateRequest(parentalResponsibility, DailyCare: true, rightToInformation, blocked))).ReadAsync<GuardianLinkResponse>();
        var guardian = await app.GuardianClientAsync(world.GuardianA);

        if (reaches)
        {
            Assert.Equal(HttpStatusCode.OK, (await guardian.GetAsync($"/api/v1/pupils/{world.PupilA}", Ct)).StatusCode);
            Assert.Equal([world.PupilA], await guardian.ListedPupilsAsync());
        }
        else
        {
            await guardian.ShouldNotReachAsync(world.PupilA);
        }
    }

    [Fact]
    public async Task Guardian_with_an_inactive_link_gets_404()
    {
        var world = await app.ArrangeWorldAsync();
        var guardian = await app.GuardianClientAsync(world.GuardianA);
        (await world.Admin.Client.PostAsync($"{Links}/{world.LinkA}/deactivate", null, Ct)).EnsureSuccessStatusCode();
        await guardian.ShouldNotReachAsync(world.PupilA);
    }

    [Fact]
    public async Task Contact_teacher_sees_own_group_and_gets_404_for_another_group_at_the_same_school()
    {
        var world = await app.ArrangeWorldAsync();
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.ClassA);

        Assert.Equal(new[] { world.ProtectedPupil, world.PupilA }.Order(), (await teacher.ListedPupilsAsync()).Order());
        var pupil = await teacher.GetJsonAsync<ReachablePupilResponse>($"/api/v1/pupils/{world.PupilA}");
        var contact = Assert.Single(pupil.Guardians!);
        Assert.Equal((world.GuardianA, "kari@example.no"), (contact.GuardianId, contact.Email));
        Assert.False(pupil.HasProtectedAddress);
        await teacher.ShouldNotReachAsync(world.PupilB);
    }

    [Fact]
    public async Task Pupil_list_filters_by_group_and_name()
    {
        var world = await app.ArrangeWorldAsync();
        var (office, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        Assert.Equal([world.PupilB], await office.ListedPupilsAsync($"&groupId={world.ClassB}"));
        Assert.Equal([world.PupilA], await office.ListedPupilsAsync("&search=emma"));
    }

    [Fact]
    public async Task Teacher_at_another_school_gets_404()
    {
        var world = await app.ArrangeWorldAsync();
        var otherSchool = await world.Admin.CreateSchoolAsync("Sjøgata skole");
        var otherClass = await app.ArrangeGroupAsync(world.Admin.MunicipalityId, otherSchool, "5A");
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, otherSchool, StaffRole.Teacher, otherClass);
        await teacher.ShouldNotReachAsync(world.PupilA);
        Assert.Empty(await teacher.ListedPupilsAsync());
    }

    [Theory]
    [InlineData(StaffRole.Office)]
    [InlineData(StaffRole.Principal)]
    public async Task Office_and_principal_see_the_whole_school(StaffRole role)
    {
        var world = await app.ArrangeWorldAsync();
        var (staff, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, role);
        Assert.Equal(new[] { world.PupilA, world.PupilB, world.ProtectedPupil, world.SfoPupil }.Order(), (await staff.ListedPupilsAsync()).Order());
    }

    [Fact]
    public async Task Sfo_staff_see_the_pupils_of_their_sfo_group_only()
    {
        var world = await app.ArrangeWorldAsync();
        var (sfo, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.SfoStaff, world.SfoGroup);
        Assert.Equal([world.SfoPupil], await sfo.ListedPupilsAsync());
        await sfo.ShouldNotReachAsync(world.PupilA);
    }

    [Fact]
    public async Task Protected_pupil_is_hidden_from_the_other_teacher_and_shown_to_the_assigned_one()
    {
        var world = await app.ArrangeWorldAsync();
        var (assigned, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Teacher, world.ClassA);
        var (other, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Teacher, world.ClassB);

        await other.ShouldNotReachAsync(world.ProtectedPupil);
        var pupil = await assigned.GetJsonAsync<ReachablePupilResponse>($"/api/v1/pupils/{world.ProtectedPupil}");
        Assert.True(pupil.HasProtectedAddress);
        Assert.NotNull(pupil.Guardians);
    }

    [Fact]
    public async Task Protected_pupil_is_never_reached_by_another_guardian()
    {
        var world = await app.ArrangeWorldAsync();
        var guardian = await app.GuardianClientAsync(world.GuardianA);
        await guardian.ShouldNotReachAsync(world.ProtectedPupil);
    }

    [Fact]
    public async Task Principal_sees_a_protected_pupil_but_not_the_guardians_contact_details()
    {
        var world = await app.ArrangeWorldAsync();
        var protectedGuardian = await world.Admin.CreateGuardianAsync(RosterTestData.Guardian("Lise", "Dahl", "lise@example.no"));
        await world.Admin.LinkAsync(protectedGuardian.Id, world.ProtectedPupil);
        var (principal, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var (assigned, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.ClassA);

        Assert.Empty((await principal.GetJsonAsync<ReachablePupilResponse>($"/api/v1/pupils/{world.ProtectedPupil}")).Guardians!);
        Assert.Equal("lise@example.no", Assert.Single((await assigned.GetJsonAsync<ReachablePupilResponse>($"/api/v1/pupils/{world.ProtectedPupil}")).Guardians!).Email);
    }

    [Fact]
    public async Task Me_tells_who_i_am_from_the_roster()
    {
        var world = await app.ArrangeWorldAsync();
        var (teacher, accountId, staffId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Teacher, world.ClassA);
        var me = await teacher.GetJsonAsync<MeResponse>("/api/v1/me");
        Assert.Equal((accountId, "Ansatt", staffId, world.Admin.MunicipalityId), (me.AccountId, me.DisplayName, me.StaffId, me.MunicipalityId));
        Assert.Equal(["staff"], me.Roles);
        Assert.Empty(me.GuardianIds);
    }

    [Fact]
    public async Task Pupil_endpoints_require_a_signed_in_person()
    {
        var world = await app.ArrangeWorldAsync();
        var anonymous = app.ClientFor(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/pupils", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/pupils/{world.PupilA}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me", Ct)).StatusCode);
    }
}
