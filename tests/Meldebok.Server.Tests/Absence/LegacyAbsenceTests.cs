using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Absence;

/// <summary>Absences received by phone, paper, e-mail, SMS or the office, logged in two taps.</summary>
public sealed class LegacyAbsenceTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task Two_taps_log_a_whole_day_today_with_reason_other_to_school_and_sfo_for_a_pupil_at_sfo()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, _, staffId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);

        var logged = await (await office.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilA, AbsenceChannel.Phone)))
            .ReadAsync<LegacyAbsenceListItem>(HttpStatusCode.Created);

        Assert.Equal((AbsenceChannel.Phone, app.Today(), app.Today(), true, true, staffId),
            (logged.Channel, logged.FirstDate, logged.LastDate, logged.ToSchool, logged.ToSfo, logged.LoggedByStaffId));
        var seen = Assert.Single(await world.SecondGuardian.NoticesAsync());
        Assert.Equal((logged.Id, AbsenceReason.Other, AbsenceChannel.Phone, (TimeOnly?)null), (seen.Id, seen.Reason, seen.Channel, seen.FromTime));
        Assert.Contains(await office.InboxAsync(), i => i.Id == logged.Id && i.Channel == AbsenceChannel.Phone);
        Assert.Equal(AbsenceEvents.Reported, Assert.Single(await app.EventsForAsync(logged.Id)).Type);
    }

    [Fact]
    public async Task A_pupil_not_at_sfo_is_logged_to_school_only_and_sfo_cannot_be_chosen_for_them()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassB);

        var logged = await (await teacher.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilB, AbsenceChannel.PaperMessageBook)))
            .ReadAsync<LegacyAbsenceListItem>(HttpStatusCode.Created);

        Assert.Equal((true, false), (logged.ToSchool, logged.ToSfo));
        await (await teacher.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilB, AbsenceChannel.Email, ToSfo: true))).ValidationProblemAsync("toSfo");
    }

    [Fact]
    public async Task Digital_is_not_a_legacy_channel_and_a_pupil_out_of_reach_is_404()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);

        await (await teacher.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilA, AbsenceChannel.Digital))).ValidationProblemAsync("channel");
        await (await teacher.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilB, AbsenceChannel.Phone))).ProblemAsync(HttpStatusCode.NotFound);
        await (await teacher.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilA, AbsenceChannel.Phone, app.Today().AddDays(2), app.Today().AddDays(1))))
            .ValidationProblemAsync("lastDate");
    }

    [Fact]
    public async Task The_log_lists_logged_absences_by_channel_and_leaves_digital_notices_out()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        var (otherSchoolOffice, _, _) = await app.StaffClientAsync(world.Admin, await world.Admin.CreateSchoolAsync("Annen skole"), StaffRole.Office);
        await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today()));
        var phone = await (await office.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilA, AbsenceChannel.Phone))).ReadAsync<LegacyAbsenceListItem>(HttpStatusCode.Created);
        var sms = await (await office.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilB, AbsenceChannel.SmsOffice, Reason: AbsenceReason.Illness)))
            .ReadAsync<LegacyAbsenceListItem>(HttpStatusCode.Created);

        Assert.Equal([sms.Id, phone.Id], (await office.GetPageAsync<LegacyAbsenceListItem>(Legacy)).Items.Select(i => i.Id));
        Assert.Equal([sms.Id], (await office.GetPageAsync<LegacyAbsenceListItem>($"{Legacy}?channel=SmsOffice")).Items.Select(i => i.Id));
        Assert.Empty((await office.GetPageAsync<LegacyAbsenceListItem>($"{Legacy}?from={app.Today().AddDays(1):yyyy-MM-dd}")).Items);
        Assert.Empty((await otherSchoolOffice.GetPageAsync<LegacyAbsenceListItem>(Legacy)).Items);
        Assert.Equal("Kari Larsen", sms.LoggedByName);
    }
}
