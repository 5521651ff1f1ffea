using System.Globalization;
using System.Text;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Absence;

/// <summary>A group the caller may see the absence overview of.</summary>
/// <param name="Id">The group.</param>
/// <param name="Name">Its name.</param>
internal sealed record OverviewGroup(Guid Id, string Name);

/// <summary>A school's absence overview as CSV, for the office.</summary>
/// <param name="Content">UTF-8 with a byte-order mark, so that Norwegian Excel reads æøå.</param>
/// <param name="FileName">A file name naming the term.</param>
internal sealed record AbsenceOverviewExport(byte[] Content, string FileName);

/// <summary>
/// Absence per pupil and per group in a term, in days and hours. Counts the notices the staff member receives
/// for the school side (<see cref="StaffNoticeReach"/>: teachers their groups, office and principal the whole school),
/// that stand — digital, legacy-logged and approved leave alike. The export is for the school's office and principal.
/// </summary>
internal sealed class AbsenceOverviewService(
    MeldebokDbContext db, AccessScope scope, StaffNoticeReach reach, MunicipalClock clock, AuditLog audit)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>The groups whose overview the staff member may open: every class of a school they lead, and the school groups they teach.</summary>
    public async Task<List<OverviewGroup>> GroupsAsync(CancellationToken ct) =>
        await VisibleGroups(db, await reach.StaffIdAsync(ct))
            .OrderBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new OverviewGroup(g.Id, g.Name))
            .ToListAsync(ct);

    /// <summary>One row per pupil of the group the staff member reaches; null when the group is out of reach.</summary>
    public async Task<GroupAbsenceOverview?> GroupAsync(Guid groupId, AbsenceOverviewQuery query, CancellationToken ct)
    {
        var group = await VisibleGroups(db, await reach.StaffIdAsync(ct)).Where(g => g.Id == groupId)
            .Select(g => new { g.Id, g.Name, g.MunicipalityId }).SingleOrDefaultAsync(ct);
        if (group is null)
        {
            return null;
        }

        var term = SchoolTerms.Resolve(query, await clock.TodayAsync(group.MunicipalityId, ct));
        var pupils = await (await scope.StaffPupilsAsync(ct))
            .Where(p => db.GroupMemberships.Any(m => m.GroupId == groupId && m.PupilId == p.Id))
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Select(p => new PupilName(p.Id, p.GivenName, p.FamilyName))
            .ToListAsync(ct);
        var notices = await CountedNoticesAsync(pupils.Select(p => p.Id).ToList(), term, ct);
        return new GroupAbsenceOverview(group.Id, group.Name, term, pupils.Select(p => Totals(p, notices[p.Id], term)).ToList());
    }

    /// <summary>
    /// A pupil's totals and the notices counted; null unless the staff member receives the pupil's school-side
    /// notices. Reading the notices (they carry reasons) is audited as <c>absence.read</c>, as in the inbox.
    /// </summary>
    public async Task<PupilAbsenceOverview?> PupilAsync(Guid pupilId, AbsenceOverviewQuery query, CancellationToken ct)
    {
        var groups = VisibleGroups(db, await reach.StaffIdAsync(ct));
        var leads = await reach.SchoolsWhereAsync([StaffRole.Principal, StaffRole.Office], ct);
        var pupil = await (await scope.StaffPupilsAsync(ct))
            .Where(p => p.Id == pupilId
                && (leads.Contains(p.SchoolId) || db.GroupMemberships.Any(m => m.PupilId == p.Id && groups.Any(g => g.Id == m.GroupId))))
            .Select(p => new { Name = new PupilName(p.Id, p.GivenName, p.FamilyName), p.MunicipalityId })
            .SingleOrDefaultAsync(ct);
        if (pupil is null)
        {
            return null;
        }

        var term = SchoolTerms.Resolve(query, await clock.TodayAsync(pupil.MunicipalityId, ct));
        var notices = (await CountedNoticesAsync([pupilId], term, ct))[pupilId].ToList();
        var groupNames = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.PupilId == pupilId)
            .Join(db.Groups.Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => g.Name)
            .OrderBy(n => n)
            .ToListAsync(ct);
        foreach (var notice in notices)
        {
            audit.Add(AuditActions.AbsenceRead, new AuditSubject(notice.MunicipalityId, AuditObjects.AbsenceNotice, notice.Id, PupilId: pupilId), Roles.Staff);
        }

        if (notices.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        var items = notices.Select(n =>
        {
            var (days, hours) = SchoolTerms.Count(n, term);
            return new OverviewNotice(n.Id, n.FirstDate, n.LastDate, n.FromTime, n.ToTime, n.Reason, n.Channel, n.LeaveApplicationId, days, hours);
        }).ToList();
        return new PupilAbsenceOverview(term, Totals(pupil.Name, notices, term), groupNames, items);
    }

    /// <summary>
    /// The school's overview as CSV (semicolon-separated, Norwegian column names and numbers) for its principal
    /// and office; 403 for other roles, null for a school they do not lead. The export is audited.
    /// </summary>
    public async Task<AbsenceOverviewExport?> ExportAsync(Guid schoolId, AbsenceOverviewQuery query, CancellationToken ct)
    {
        var leads = await reach.SchoolsWhereAsync([StaffRole.Principal, StaffRole.Office], ct);
        if (leads.Count == 0)
        {
            throw new RoleDeniedException("Bare rektor og skolekontoret kan eksportere fraværsoversikten.");
        }

        if (!leads.Contains(schoolId)
            || await db.Schools.AsNoTracking().Where(s => s.Id == schoolId).Select(s => new { s.MunicipalityId, s.Name }).SingleOrDefaultAsync(ct) is not { } school)
        {
            return null;
        }

        var term = SchoolTerms.Resolve(query, await clock.TodayAsync(school.MunicipalityId, ct));
        var pupils = await (await scope.StaffPupilsAsync(ct))
            .Where(p => p.SchoolId == schoolId)
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Select(p => new
            {
                Name = new PupilName(p.Id, p.GivenName, p.FamilyName),
                Groups = db.GroupMemberships.Where(m => m.PupilId == p.Id)
                    .Join(db.Groups.Where(g => g.IsActive && g.Kind != GroupKind.SfoGroup), m => m.GroupId, g => g.Id, (m, g) => g.Name)
                    .OrderBy(n => n).ToList(),
            })
            .ToListAsync(ct);
        var notices = await CountedNoticesAsync(pupils.Select(p => p.Name.Id).ToList(), term, ct);

        var csv = new StringBuilder();
        csv.Append("Etternavn;Fornavn;Grupper;Fraværsdager;Fraværstimer;Antall meldinger\r\n");
        foreach (var pupil in pupils)
        {
            var totals = Totals(pupil.Name, notices[pupil.Name.Id], term);
            csv.Append(Csv.Text(pupil.Name.FamilyName)).Append(';')
                .Append(Csv.Text(pupil.Name.GivenName)).Append(';')
                .Append(Csv.Text(string.Join(", ", pupil.Groups))).Append(';')
                .Append(totals.Days.ToString(Norwegian)).Append(';')
                .Append(totals.Hours.ToString("0.##", Norwegian)).Append(';')
                .Append(totals.NoticeCount.ToString(Norwegian)).Append("\r\n");
        }

        await audit.WriteAsync(AuditActions.ExportAbsenceOverview, new AuditSubject(school.MunicipalityId, AuditObjects.School, schoolId), ct, Roles.Staff);
        var termName = term.Term == SchoolTerm.Autumn ? "host" : "var";
        return new AbsenceOverviewExport(
            Csv.Utf8WithBom(csv),
            $"fravaer-{term.SchoolYear}-{termName}.csv");
    }

    /// <summary>School groups the staff member sees absence for: every active non-SFO group of a school they lead, and those their teaching assignments cover.</summary>
    internal static IQueryable<Group> VisibleGroups(MeldebokDbContext db, Guid? staffId) =>
        db.Groups.AsNoTracking().Where(g => g.IsActive && g.Kind != GroupKind.SfoGroup && db.StaffAssignments.Any(a =>
            a.StaffId == staffId && a.IsActive && a.SchoolId == g.SchoolId
            && (a.Role == StaffRole.Office || a.Role == StaffRole.Principal
                || ((a.Role == StaffRole.Teacher || a.Role == StaffRole.ContactTeacher)
                    && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && ag.GroupId == g.Id)))));

    /// <summary>The standing school-side notices the staff member receives for these pupils that touch the term, per pupil.</summary>
    private async Task<ILookup<Guid, AbsenceNotice>> CountedNoticesAsync(IReadOnlyCollection<Guid> pupilIds, AbsenceTermResponse term, CancellationToken ct)
    {
        var ids = pupilIds.ToList();
        var notices = await (await reach.NoticesAsync(ct))
            .Where(x => x.School && x.Notice.Status == AbsenceNoticeStatus.Active && ids.Contains(x.Notice.PupilId)
                && x.Notice.FirstDate <= term.LastDate && x.Notice.LastDate >= term.FirstDate)
            .Select(x => x.Notice)
            .OrderBy(n => n.FirstDate).ThenBy(n => n.FromTime).ThenBy(n => n.Id)
            .ToListAsync(ct);
        return notices.ToLookup(n => n.PupilId);
    }

    private static PupilAbsenceTotals Totals(PupilName pupil, IEnumerable<AbsenceNotice> notices, AbsenceTermResponse term)
    {
        var counted = notices.Select(n => SchoolTerms.Count(n, term)).ToList();
        return new PupilAbsenceTotals(pupil.Id, pupil.GivenName, pupil.FamilyName, counted.Sum(c => c.Days), counted.Sum(c => c.Hours), counted.Count);
    }

    private sealed record PupilName(Guid Id, string GivenName, string FamilyName);
}
