using System.Net;
using System.Text;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Absence;

/// <summary>The absence overview per group and pupil per term, and the office's CSV export.</summary>
public sealed class AbsenceOverviewTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Overview = "/api/v1/staff/absence-overview";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<(HttpClient Client, Guid AccountId, Guid StaffId)> StaffAsync(AbsenceWorld world, StaffRole role, params Guid[] groups) =>
        app.StaffClientAsync(world.Admin, world.SchoolId, role, groups);

    /// <summary>
    /// The clock's Monday (2026-09-07): Emma (5A) is away Monday to Sunday (5 weekdays) and 08:00–10:30 the Tuesday after,
    /// and has a withdrawn notice and one to the SFO only; Nora (5B) has one day logged by phone.
    /// </summary>
    private async Task ReportTheWeekAsync(AbsenceWorld world, HttpClient office)
    {
        var monday = app.Today();
        Assert.Equal(DayOfWeek.Monday, monday.DayOfWeek);
        await world.GuardianA.ReportAsync(Notice(world.PupilA, monday, monday.AddDays(6)));
        await world.GuardianA.ReportAsync(Notice(world.PupilA, monday.AddDays(8), from: new TimeOnly(8, 0), to: new TimeOnly(10, 30), reason: AbsenceReason.MedicalAppointment));
        await world.GuardianA.ReportAsync(Notice(world.PupilA, monday.AddDays(10), toSchool: false, toSfo: true));
        var withdrawn = await world.GuardianA.ReportAsync(Notice(world.PupilA, monday.AddDays(20)));
        (await world.GuardianA.PostAsync($"{Absences}/{withdrawn.Id}/withdraw", null, Ct)).EnsureSuccessStatusCode();
        (await office.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.PupilB, AbsenceChannel.Phone))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Group_overview_counts_whole_days_as_weekdays_and_part_days_as_hours_per_pupil()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, _, _) = await StaffAsync(world, StaffRole.Office);
        var (contactTeacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        await ReportTheWeekAsync(world, office);

        var classA = await contactTeacher.GetJsonAsync<GroupAbsenceOverview>($"{Overview}/groups/{world.Roster.ClassA}");
        var classB = await office.GetJsonAsync<GroupAbsenceOverview>($"{Overview}/groups/{world.Roster.ClassB}");

        Assert.Equal((2026, SchoolTerm.Autumn, new DateOnly(2026, 8, 1), new DateOnly(2026, 12, 31)),
            (classA.Term.SchoolYear, classA.Term.Term, classA.Term.FirstDate, classA.Term.LastDate));
        Assert.Equal(["Dahl", "Hansen"], classA.Pupils.Select(p => p.FamilyName));
        var emma = classA.Pupils.Single(p => p.PupilId == world.PupilA);
        Assert.Equal((5, 2.5m, 2), (emma.Days, emma.Hours, emma.NoticeCount));
        Assert.Equal((0, 0m, 0), (classA.Pupils[0].Days, classA.Pupils[0].Hours, classA.Pupils[0].NoticeCount));
        var nora = Assert.Single(classB.Pupils);
        Assert.Equal((world.PupilB, 1, 0m, 1), (nora.PupilId, nora.Days, nora.Hours, nora.NoticeCount));
    }

    [Fact]
    public async Task Another_term_counts_only_its_own_days()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, _, _) = await StaffAsync(world, StaffRole.Office);
        await ReportTheWeekAsync(world, office);

        var spring = await office.GetJsonAsync<GroupAbsenceOverview>($"{Overview}/groups/{world.Roster.ClassA}?schoolYear=2026&term=Spring");
        var lastAutumn = await office.GetJsonAsync<PupilAbsenceOverview>($"{Overview}/pupils/{world.PupilA}?schoolYear=2025&term=Autumn");

        Assert.Equal((new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30)), (spring.Term.FirstDate, spring.Term.LastDate));
        Assert.All(spring.Pupils, p => Assert.Equal((0, 0m, 0), (p.Days, p.Hours, p.NoticeCount)));
        Assert.Empty(lastAutumn.Notices);
        await (await office.GetAsync($"{Overview}/groups/{world.Roster.ClassA}?schoolYear=1999", Ct)).ValidationProblemAsync("schoolYear");
        await (await office.GetAsync($"{Overview}/groups/{world.Roster.ClassA}?term=Summer", Ct)).ValidationProblemAsync("term");
    }

    [Fact]
    public async Task Approved_leave_counts_in_the_pupils_overview_as_leave()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        var monday = app.Today();
        var application = await (await world.GuardianA.PostJsonAsync("/api/v1/leave-applications",
                new LeaveApplicationRequest(world.PupilA, monday.AddDays(14), monday.AddDays(15), "Reise.")))
            .ReadAsync<LeaveApplicationResponse>(HttpStatusCode.Created);
        (await principal.PostJsonAsync($"/api/v1/staff/leave-applications/{application.Id}/decide", new LeaveDecisionRequest(LeaveDecision.Approved))).EnsureSuccessStatusCode();

        var overview = await principal.GetJsonAsync<PupilAbsenceOverview>($"{Overview}/pupils/{world.PupilA}");

        var notice = Assert.Single(overview.Notices);
        Assert.Equal((AbsenceReason.Leave, application.Id, 2), (notice.Reason, notice.LeaveApplicationId, notice.Days));
        Assert.Equal((2, 1), (overview.Totals.Days, overview.Totals.NoticeCount));
        Assert.Contains("5A", overview.Groups);
    }

    [Fact]
    public async Task Staff_outside_the_school_side_of_the_pupil_get_404_and_guardians_403()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (otherTeacher, _, _) = await StaffAsync(world, StaffRole.Teacher, world.Roster.ClassB);
        var (sfoStaff, _, _) = await StaffAsync(world, StaffRole.SfoStaff, world.Roster.SfoGroup);

        await (await otherTeacher.GetAsync($"{Overview}/groups/{world.Roster.ClassA}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await otherTeacher.GetAsync($"{Overview}/pupils/{world.PupilA}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await sfoStaff.GetAsync($"{Overview}/groups/{world.Roster.SfoGroup}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await sfoStaff.GetAsync($"{Overview}/pupils/{world.PupilA}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianA.GetAsync($"{Overview}/pupils/{world.PupilA}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Reading_a_pupils_notices_in_the_overview_is_audited_per_notice()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, accountId, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(1)));

        var overview = await teacher.GetJsonAsync<PupilAbsenceOverview>($"{Overview}/pupils/{world.PupilA}");

        Assert.Equal([notice.Id], overview.Notices.Select(n => n.Id));
        var entry = Assert.Single(await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.ObjectId == notice.Id).ToListAsync(Ct)));
        Assert.Equal(("absence.read", accountId, world.PupilA), (entry.Action, entry.ActorAccountId, entry.SubjectPupilId));
    }

    [Fact]
    public async Task Office_exports_the_schools_overview_as_semicolon_separated_csv_and_the_export_is_audited()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, accountId, _) = await StaffAsync(world, StaffRole.Office);
        await ReportTheWeekAsync(world, office);
        await world.Admin.CreatePupilAsync(RosterTestData.Pupil(world.SchoolId, "=HYPERLINK(\"x\")", "O\"Neil") with { GroupIds = [world.Roster.ClassB] });

        using var response = await office.GetAsync($"{Overview}/schools/{world.SchoolId}/export?schoolYear=2026&term=Autumn", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("fravaer-2026-host.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Etternavn;Fornavn;Grupper;Fraværsdager;Fraværstimer;Antall meldinger", lines[0]);
        Assert.Contains("\"Hansen\";\"Emma\";\"5A\";5;2,5;2", lines);
        Assert.Contains("\"Berg\";\"Nora\";\"5B\";1;0;1", lines);
        Assert.Contains("\"O\"\"Neil\";\"'=HYPERLINK(\"\"x\"\")\";\"5B\";0;0;0", lines);
        Assert.Contains(lines, l => l.StartsWith("\"Dahl\";", StringComparison.Ordinal));
        var entry = Assert.Single(await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.ObjectId == world.SchoolId && e.Action == "export.absence-overview").ToListAsync(Ct)));
        Assert.Equal(("school", accountId, "staff"), (entry.ObjectType, entry.ActorAccountId, entry.ActorRole));
    }

    [Fact]
    public async Task Only_the_principal_and_office_of_the_school_may_export()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var otherSchool = await world.Admin.CreateSchoolAsync("Nordre skole");
        var (otherOffice, _, _) = await app.StaffClientAsync(world.Admin, otherSchool, StaffRole.Office);
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);

        await (await teacher.GetAsync($"{Overview}/schools/{world.SchoolId}/export", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await otherOffice.GetAsync($"{Overview}/schools/{world.SchoolId}/export", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        (await principal.GetAsync($"{Overview}/schools/{world.SchoolId}/export", Ct)).EnsureSuccessStatusCode();
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.ObjectId == world.SchoolId && e.Action == "export.absence-overview" && e.ActorRole != "staff", Ct)));
    }
}

/// <summary>The school year's terms, as pure rules.</summary>
public sealed class SchoolTermsTests
{
    [Theory]
    [InlineData("2026-08-01", 2026, SchoolTerm.Autumn)]
    [InlineData("2026-12-31", 2026, SchoolTerm.Autumn)]
    [InlineData("2027-01-01", 2026, SchoolTerm.Spring)]
    [InlineData("2027-06-30", 2026, SchoolTerm.Spring)]
    [InlineData("2027-07-15", 2026, SchoolTerm.Spring)]
    public void A_date_belongs_to_the_term_of_its_school_year(string date, int schoolYear, SchoolTerm term)
    {
        var found = SchoolTerms.Containing(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((schoolYear, term), (found.SchoolYear, found.Term));
    }

    [Fact]
    public void A_notice_spanning_the_term_start_counts_only_weekdays_inside_the_term()
    {
        var term = SchoolTerms.Of(2026, SchoolTerm.Autumn);
        var notice = new AbsenceNotice { FirstDate = new DateOnly(2026, 7, 27), LastDate = new DateOnly(2026, 8, 4), Reason = AbsenceReason.Leave };

        // 1–2 August 2026 are a Saturday and a Sunday; 3 and 4 August are weekdays.
        Assert.Equal((2, 0m), SchoolTerms.Count(notice, term));
    }
}
