using System.Net;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.RosterImport;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.RosterImport;

/// <summary>
/// The school-year rollover over the roster import: last year's files (<see cref="RosterFiles.Valid"/>) are imported, then
/// the new year's: p1 (1A and SFO, children of g1 and g2 only) has left, p2 moves from 2A to the new 3A, p3 stays in 5B;
/// 1A and 2A are gone and 3A is new.
/// </summary>
public sealed class SchoolYearRolloverTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Url = "/api/v1/admin/school-year-rollover";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly RolloverDate = new(2026, 8, 17);

    private sealed record Arranged(HttpClient Admin, Guid Municipality, RosterFiles NewYear, Guid P1, Guid P2, Guid OpenPlace, Guid EndedPlace);

    [Fact]
    public async Task The_dry_run_shows_new_and_ended_groups_moves_leavers_and_guardians_without_children_and_writes_nothing()
    {
        var arranged = await ArrangeAsync();

        var preview = await RolloverAsync(arranged, ("dryRun", "true"));

        AssertRollover(arranged, preview, dryRun: true);
        Assert.True(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == arranged.P1).Select(p => p.IsActive).SingleAsync(Ct)));
        Assert.Equal(2, await ActiveLinksOfAsync(arranged.P1));
        Assert.Null(await EndDateAsync(arranged.OpenPlace));
        Assert.Equal(0, await AuditCountAsync(arranged.Municipality));
        Assert.Equal(["1A", "2A", "5B", "SFO 1.–2. trinn"], await ActiveGroupsAsync(arranged.Municipality));
    }

    [Fact]
    public async Task Applying_deactivates_leavers_and_their_links_ends_their_SFO_place_moves_pupils_and_a_second_apply_changes_nothing()
    {
        var arranged = await ArrangeAsync();

        var applied = await RolloverAsync(arranged);

        AssertRollover(arranged, applied, dryRun: false);
        Assert.False(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == arranged.P1).Select(p => p.IsActive).SingleAsync(Ct)));
        Assert.Equal(0, await ActiveLinksOfAsync(arranged.P1));
        Assert.Equal(0, await app.WithDbAsync(db => db.GroupMemberships.CountAsync(m => m.PupilId == arranged.P1, Ct)));
        Assert.Equal(["3A"], await app.WithDbAsync(db => db.GroupMemberships.Where(m => m.PupilId == arranged.P2)
            .Join(db.Groups, m => m.GroupId, g => g.Id, (m, g) => g.Name).ToListAsync(Ct)));
        Assert.Equal(RolloverDate.AddDays(-1), await EndDateAsync(arranged.OpenPlace));
        Assert.Equal(new DateOnly(2026, 6, 19), await EndDateAsync(arranged.EndedPlace));
        Assert.Equal(["3A", "5B", "SFO 1.–2. trinn"], await ActiveGroupsAsync(arranged.Municipality));
        Assert.Equal(1, await AuditCountAsync(arranged.Municipality));

        var again = await RolloverAsync(arranged);

        Assert.Equal((0, 0, 0, 0, 0, 0, 0), (again.NewGroups.Count, again.EndedGroups.Count, again.MovedPupils.Count, again.Leavers.Count,
            again.GuardiansWithoutChildren.Count, again.GuardianLinksDeactivated, again.SfoEnrolmentsEnded));
        Assert.Equal((0, 0, 0), (again.Import.Pupils.Created, again.Import.Pupils.Updated, again.Import.Pupils.Deactivated));
        Assert.Equal(RolloverDate.AddDays(-1), await EndDateAsync(arranged.OpenPlace));
        Assert.Equal(2, await AuditCountAsync(arranged.Municipality));
    }

    [Fact]
    public async Task A_bad_rollover_date_or_a_delta_mode_answers_400_naming_the_field_and_changes_nothing()
    {
        var arranged = await ArrangeAsync();

        await (await arranged.Admin.PostAsync(Url, arranged.NewYear.Form(("rolloverDate", "17.08.2026")), Ct)).ValidationProblemAsync("rolloverDate");
        await (await arranged.Admin.PostAsync(Url, arranged.NewYear.Form(("mode", "delta")), Ct)).ValidationProblemAsync("mode");
        var broken = arranged.NewYear.Clone().Set("enrollments.csv", "e2", "classSourcedId", "nowhere");
        var rejected = await (await arranged.Admin.PostAsync(Url, broken.Form(), Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(rejected.TryGetProperty("importErrors", out _));

        Assert.True(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == arranged.P1).Select(p => p.IsActive).SingleAsync(Ct)));
        Assert.Null(await EndDateAsync(arranged.OpenPlace));
        Assert.Equal(0, await AuditCountAsync(arranged.Municipality));
    }

    private static void AssertRollover(Arranged arranged, SchoolYearRolloverResult result, bool dryRun)
    {
        Assert.Equal((dryRun, RolloverDate), (result.DryRun, result.RolloverDate));
        Assert.Equal(["3A"], result.NewGroups.Select(g => g.Name));
        Assert.Equal(3, result.NewGroups[0].Grade);
        Assert.Equal(["1A", "2A"], result.EndedGroups.Select(g => g.Name));
        var move = Assert.Single(result.MovedPupils);
        Assert.Equal((arranged.P2, "2A", "3A", (int?)2, (int?)3),
            (move.PupilId, string.Join(",", move.FromGroups), string.Join(",", move.ToGroups), move.FromGrade, move.ToGrade));
        Assert.Equal([(arranged.P1, true)], result.Leavers.Select(l => (l.Id, l.Deactivated)));
        Assert.Equal([("Anne Nordmann", true), ("Per Nordmann", true)], result.GuardiansWithoutChildren.Select(g => (g.Name, g.Deactivated)));
        Assert.Equal((2, 1), (result.GuardianLinksDeactivated, result.SfoEnrolmentsEnded));
        Assert.Equal((1, 2), (result.Import.Groups.Created, result.Import.Groups.Deactivated));
        Assert.Equal((0, 1), (result.Import.Pupils.Created, result.Import.Pupils.Deactivated));
    }

    private static async Task<SchoolYearRolloverResult> RolloverAsync(Arranged arranged, params (string, string)[] fields) =>
        await (await arranged.Admin.PostAsync(Url, arranged.NewYear.Form([("rolloverDate", "2026-08-17"), .. fields]), Ct)).ReadAsync<SchoolYearRolloverResult>();

    private Task<int> ActiveLinksOfAsync(Guid pupilId) => app.WithDbAsync(db => db.GuardianLinks.CountAsync(l => l.PupilId == pupilId && l.IsActive, Ct));

    private Task<DateOnly?> EndDateAsync(Guid enrolmentId) => app.WithDbAsync(db => db.SfoEnrolments.Where(e => e.Id == enrolmentId).Select(e => e.EndDate).SingleAsync(Ct));

    private Task<int> AuditCountAsync(Guid municipality) =>
        app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.MunicipalityId == municipality && e.Action == AuditActions.SchoolYearRollover, Ct));

    private Task<List<string>> ActiveGroupsAsync(Guid municipality) =>
        app.WithDbAsync(db => db.Groups.Where(g => g.MunicipalityId == municipality && g.IsActive).OrderBy(g => g.Name).Select(g => g.Name).ToListAsync(Ct));

    private async Task<Arranged> ArrangeAsync()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var admin = app.ClientFor(TestUser.MunicipalityAdmin(municipality));
        var lastYear = RosterFiles.Valid();
        await (await admin.PostAsync("/api/v1/admin/roster-imports", lastYear.Form(), Ct)).ReadAsync<RosterImportResult>();
        var (p1, p2, unit) = await app.WithDbAsync(async db => (
            await db.Pupils.Where(p => p.MunicipalityId == municipality && p.SourcedId == lastYear.Id("p1")).Select(p => p.Id).SingleAsync(Ct),
            await db.Pupils.Where(p => p.MunicipalityId == municipality && p.SourcedId == lastYear.Id("p2")).Select(p => p.Id).SingleAsync(Ct),
            await db.SfoUnits.Where(u => u.MunicipalityId == municipality).Select(u => u.Id).SingleAsync(Ct)));
        SfoEnrolment Place(Guid pupil, DateOnly start, DateOnly? end) => new()
        {
            MunicipalityId = municipality, SfoUnitId = unit, PupilId = pupil, Weekdays = (SfoWeekdays)31, PlacePercentage = 100,
            StartDate = start, EndDate = end, CreatedAt = app.Time.GetUtcNow(), UpdatedAt = app.Time.GetUtcNow(),
        };
        var open = Place(p1, new DateOnly(2025, 8, 18), null);
        var ended = Place(p1, new DateOnly(2024, 8, 19), new DateOnly(2026, 6, 19));
        await app.WithDbAsync(db =>
        {
            db.SfoEnrolments.AddRange(open, ended);
            return db.SaveChangesAsync(Ct);
        });

        var p = lastYear.Prefix;
        var newYear = lastYear.Clone()
            .Remove("users.csv", "p1").Remove("users.csv", "g1").Remove("users.csv", "g2")
            .Remove("roles.csv", "ro1").Remove("roles.csv", "ro4").Remove("roles.csv", "ro5")
            .Remove("enrollments.csv", "e1").Remove("enrollments.csv", "e4").Remove("enrollments.csv", "e5")
            .Remove("classes.csv", "c1").Remove("classes.csv", "c2")
            .Add("classes.csv", $"{p}c5,,,3A,03,,3A,homeroom,,{p}s1,,,,")
            .Set("enrollments.csv", "e2", "classSourcedId", $"{p}c5")
            .Set("enrollments.csv", "e6", "classSourcedId", $"{p}c5")
            .Set("enrollments.csv", "e7", "classSourcedId", $"{p}c5");
        return new Arranged(admin, municipality, newYear, p1, p2, open.Id, ended.Id);
    }
}
