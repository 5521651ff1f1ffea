using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Absence;

/// <summary>A notice with the sides the current staff member receives it for.</summary>
internal sealed class SeenNotice
{
    public required AbsenceNotice Notice { get; init; }
    public bool School { get; init; }
    public bool Sfo { get; init; }
}

/// <summary>
/// Which notices a staff member receives, and for which side: contact teachers and teachers the
/// school side for the pupils of the (non-SFO) groups their assignments cover, office and principal the
/// school side for the whole school, SFO staff and leaders the SFO side for the pupils of their SFO groups.
/// Always within <see cref="AccessScope.StaffPupilsAsync"/>, so protected pupils follow the access rules.
/// </summary>
internal sealed class StaffNoticeReach(MeldebokDbContext db, AccessScope scope)
{
    public async Task<Guid?> StaffIdAsync(CancellationToken ct) => (await scope.RolesAsync(ct)).StaffId;

    /// <summary>The schools where the staff member holds one of <paramref name="roles"/> in an active assignment (office and principal cover the whole school).</summary>
    public async Task<List<Guid>> SchoolsWhereAsync(IReadOnlyCollection<StaffRole> roles, CancellationToken ct)
    {
        var staffId = await StaffIdAsync(ct);
        var wanted = roles.ToList();
        return await db.StaffAssignments
            .Where(a => a.StaffId == staffId && a.IsActive && wanted.Contains(a.Role))
            .Select(a => a.SchoolId).Distinct().ToListAsync(ct);
    }

    public async Task<IQueryable<SeenNotice>> NoticesAsync(CancellationToken ct)
    {
        var staffId = await StaffIdAsync(ct);
        var assignments = db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive);
        var officeSchools = await SchoolsWhereAsync([StaffRole.Office, StaffRole.Principal], ct);
        var coveredGroups = await assignments
            .Join(db.StaffAssignmentGroups, a => a.Id, ag => ag.StaffAssignmentId, (a, ag) => new { a.Role, ag.GroupId })
            .Join(db.Groups.Where(g => g.IsActive), x => x.GroupId, g => g.Id, (x, g) => new { x.Role, g.Id, g.Kind })
            .ToListAsync(ct);
        var schoolGroups = coveredGroups.Where(g => g.Kind != GroupKind.SfoGroup && g.Role is StaffRole.Teacher or StaffRole.ContactTeacher)
            .Select(g => g.Id).Distinct().ToList();
        var sfoGroups = coveredGroups.Where(g => g.Kind == GroupKind.SfoGroup && g.Role is StaffRole.SfoStaff or StaffRole.SfoLeader)
            .Select(g => g.Id).Distinct().ToList();
        var pupils = await scope.StaffPupilsAsync(ct);

        return db.AbsenceNotices.AsNoTracking()
            .Where(n => pupils.Any(p => p.Id == n.PupilId))
            .Select(n => new SeenNotice
            {
                Notice = n,
                School = n.ToSchool && (officeSchools.Contains(n.SchoolId) || db.GroupMemberships.Any(m => m.PupilId == n.PupilId && schoolGroups.Contains(m.GroupId))),
                Sfo = n.ToSfo && db.GroupMemberships.Any(m => m.PupilId == n.PupilId && sfoGroups.Contains(m.GroupId)),
            })
            .Where(x => x.School || x.Sfo);
    }
}

/// <summary>The staff inbox: today's and upcoming notices for the staff member's pupils, and receipts.</summary>
internal sealed class AbsenceInboxService(
    MeldebokDbContext db, StaffNoticeReach reach, AbsenceNoticeRules rules, MunicipalClock clock, AuditLog audit, Outbox outbox, TimeProvider time,
    UsageRecorder usage)
{
    public async Task<Paged<AbsenceInboxItem>> ListAsync(Guid municipalityId, AbsenceInboxFilter filter, PageRequest page, CancellationToken ct)
    {
        var date = filter.Date ?? await clock.TodayAsync(municipalityId, ct);
        var staffId = await reach.StaffIdAsync(ct);
        var query = (await reach.NoticesAsync(ct)).Where(x => x.Notice.LastDate >= date);
        if (filter.Scope == AbsenceInboxScope.School) query = query.Where(x => x.School);
        if (filter.Scope == AbsenceInboxScope.Sfo) query = query.Where(x => x.Sfo);
        if (filter.IncludeWithdrawn != true) query = query.Where(x => x.Notice.Status == AbsenceNoticeStatus.Active);
        if (filter.IncludeAcknowledged != true)
        {
            query = query.Where(x =>
                (x.School && !db.AbsenceAcknowledgements.Any(a => a.NoticeId == x.Notice.Id && a.StaffId == staffId && a.Recipient == AbsenceRecipient.School))
                || (x.Sfo && !db.AbsenceAcknowledgements.Any(a => a.NoticeId == x.Notice.Id && a.StaffId == staffId && a.Recipient == AbsenceRecipient.Sfo)));
        }

        var rows = await query
            .OrderBy(x => x.Notice.FirstDate).ThenBy(x => x.Notice.FromTime).ThenBy(x => x.Notice.CreatedAt).ThenBy(x => x.Notice.Id)
            .ToPageAsync(page, ct);
        var items = await ItemsAsync(rows.Items, staffId, ct);
        return new Paged<AbsenceInboxItem>(items, rows.Page, rows.PageSize, rows.TotalCount);
    }

    /// <summary>
    /// Acknowledges a notice for the given side, or for every side the staff member receives it for.
    /// Idempotent per staff member and side. Null when the staff member does not receive the notice.
    /// </summary>
    public async Task<AbsenceInboxItem?> AcknowledgeAsync(Guid id, AbsenceRecipient? recipient, CancellationToken ct)
    {
        if (await (await reach.NoticesAsync(ct)).SingleOrDefaultAsync(x => x.Notice.Id == id, ct) is not { } seen)
        {
            return null;
        }

        var staffId = (await reach.StaffIdAsync(ct))!.Value;
        if (seen.Notice.Status != AbsenceNoticeStatus.Active)
        {
            throw new RuleConflictException("Fraværsmeldingen er trukket og kan ikke kvitteres.");
        }

        var sides = SidesOf(seen);
        if (recipient is { } wanted)
        {
            if (!sides.Contains(wanted))
            {
                throw new FieldValidationException("recipient", wanted == AbsenceRecipient.Sfo
                    ? "Du mottar ikke denne meldingen for SFO."
                    : "Du mottar ikke denne meldingen for skolen.");
            }

            sides = [wanted];
        }

        var existing = await db.AbsenceAcknowledgements.Where(a => a.NoticeId == id && a.StaffId == staffId).Select(a => a.Recipient).ToListAsync(ct);
        var added = sides.Except(existing).ToList();
        if (added.Count > 0)
        {
            var now = time.GetUtcNow();
            db.AbsenceAcknowledgements.AddRange(added.Select(side => new AbsenceAcknowledgement { NoticeId = id, StaffId = staffId, Recipient = side, AcknowledgedAt = now }));
            var placement = await rules.PlacementAsync(seen.Notice.PupilId, ct);
            outbox.Enqueue(AbsenceEvents.Acknowledged, seen.Notice.MunicipalityId, AbsenceNoticeRules.AudiencesOf(seen.Notice, placement),
                new AbsenceNoticeEvent(id, seen.Notice.PupilId, Urgent: false));
            await usage.RecordStaffAsync(UsageActions.AbsenceAcknowledged, seen.Notice.MunicipalityId, seen.Notice.SchoolId, UsageChannels.Digital, staffId, day: null, ct);
            await db.SaveChangesAsync(ct);
        }

        return (await ItemsAsync([seen], staffId, ct))[0];
    }

    private static List<AbsenceRecipient> SidesOf(SeenNotice seen)
    {
        var sides = new List<AbsenceRecipient>(2);
        if (seen.School) sides.Add(AbsenceRecipient.School);
        if (seen.Sfo) sides.Add(AbsenceRecipient.Sfo);
        return sides;
    }

    /// <summary>The items as the staff member sees them; reading notices with their reasons is audited, one entry per notice.</summary>
    private async Task<List<AbsenceInboxItem>> ItemsAsync(IReadOnlyList<SeenNotice> rows, Guid? staffId, CancellationToken ct)
    {
        var noticeIds = rows.Select(r => r.Notice.Id).ToList();
        var pupilIds = rows.Select(r => r.Notice.PupilId).Distinct().ToList();
        var pupils = await db.Pupils.AsNoTracking().Where(p => pupilIds.Contains(p.Id))
            .Select(p => new { p.Id, p.GivenName, p.FamilyName }).ToDictionaryAsync(p => p.Id, ct);
        var groups = (await db.GroupMemberships.AsNoTracking()
                .Where(m => pupilIds.Contains(m.PupilId))
                .Join(db.Groups.Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => new { m.PupilId, g.Name })
                .OrderBy(x => x.Name)
                .ToListAsync(ct))
            .ToLookup(x => x.PupilId, x => x.Name);
        var receipts = await rules.ReceiptsAsync(noticeIds, ct);
        var mine = (await db.AbsenceAcknowledgements.AsNoTracking()
                .Where(a => noticeIds.Contains(a.NoticeId) && a.StaffId == staffId)
                .Select(a => new { a.NoticeId, a.Recipient })
                .ToListAsync(ct))
            .ToLookup(a => a.NoticeId, a => a.Recipient);

        var items = new List<AbsenceInboxItem>(rows.Count);
        foreach (var row in rows)
        {
            var n = row.Notice;
            var pupil = pupils[n.PupilId];
            var sides = SidesOf(row);
            items.Add(new AbsenceInboxItem(
                n.Id, n.PupilId, pupil.GivenName, pupil.FamilyName, groups[n.PupilId].ToList(), n.Channel, n.ToSchool, n.ToSfo, sides,
                n.FirstDate, n.LastDate, n.FromTime, n.ToTime, n.Reason, n.Note, n.IsLate, n.Status,
                sides.All(side => mine[n.Id].Contains(side)), n.CreatedAt, n.UpdatedAt, receipts[n.Id].ToList()));
            audit.Add(AuditActions.AbsenceRead, new AuditSubject(n.MunicipalityId, AuditObjects.AbsenceNotice, n.Id, PupilId: n.PupilId), Roles.Staff);
        }

        if (items.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return items;
    }
}
