using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Sfo;

/// <summary>
/// The teacher's handover from school to SFO (overlevering): teachers and contact teachers whose assignment covers the
/// group, and the office and principal of its school, hand over the group's pupils expected at SFO today — all of them or
/// the ones named — with the time and the staff member recorded.
/// </summary>
internal sealed class SfoHandoverService(MeldebokDbContext db, AccessScope scope, SfoExpected expected, MunicipalClock clock, Outbox outbox, TimeProvider time)
{
    public const string NobodyExpected = "Ingen elever i gruppen er ventet på SFO i dag.";

    /// <summary>The group's pupils expected at SFO today, with when they were handed over; null when the caller does not hand the group over.</summary>
    public async Task<List<SfoHandoverCandidate>?> CandidatesAsync(Guid groupId, CancellationToken ct)
    {
        if (await GroupAsync(groupId, ct) is not { } group)
        {
            return null;
        }

        var today = await clock.TodayAsync(group.MunicipalityId, ct);
        var children = await ExpectedInGroup(groupId, today).ToListAsync(ct);
        var ids = children.Select(c => c.PupilId).ToList();
        var handed = await db.SfoHandoverPupils.AsNoTracking()
            .Where(h => h.Date == today && ids.Contains(h.PupilId))
            .Join(db.SfoHandovers, h => h.HandoverId, x => x.Id, (h, x) => new { h.PupilId, x.HandedOverAt })
            .GroupBy(h => h.PupilId)
            .Select(g => new { g.Key, At = g.Min(x => x.HandedOverAt) })
            .ToDictionaryAsync(x => x.Key, x => x.At, ct);
        return children.Select(c => new SfoHandoverCandidate(c.PupilId, c.GivenName, c.FamilyName, c.SfoUnitId, handed.TryGetValue(c.PupilId, out var at) ? at : null))
            .OrderBy(c => c.GivenName, StringComparer.Ordinal).ThenBy(c => c.FamilyName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The groups the caller hands over from: those a teacher or contact teacher assignment covers; every class and base group of a school where office or principal.</summary>
    public async Task<List<SfoBoardUnit>> GroupsAsync(CancellationToken ct)
    {
        return await HandoverGroups(db, (await scope.RolesAsync(ct)).StaffId).AsNoTracking()
            .OrderBy(g => g.Grade).ThenBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new SfoBoardUnit(g.Id, g.Name, g.SchoolId))
            .ToListAsync(ct);
    }

    /// <summary>The groups the staff member hands over from (the handover page's list and the menu's rule).</summary>
    internal static IQueryable<Group> HandoverGroups(MeldebokDbContext db, Guid? staffId)
    {
        var assignments = db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive);
        return db.Groups.Where(g => g.IsActive && g.Kind != GroupKind.SfoGroup && (
            assignments.Any(a => a.SchoolId == g.SchoolId && (a.Role == StaffRole.Office || a.Role == StaffRole.Principal))
            || assignments.Any(a => a.SchoolId == g.SchoolId && (a.Role == StaffRole.Teacher || a.Role == StaffRole.ContactTeacher)
                && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && ag.GroupId == g.Id))));
    }

    public async Task<SfoHandoverResponse?> HandOverAsync(Guid groupId, SfoHandoverRequest request, CancellationToken ct)
    {
        if (await GroupAsync(groupId, ct) is not { } group)
        {
            return null;
        }

        var today = await clock.TodayAsync(group.MunicipalityId, ct);
        if (request.Date != today)
        {
            throw new FieldValidationException("date", "Overlevering til SFO gjelder bare i dag.");
        }

        var children = await ExpectedInGroup(groupId, today).ToListAsync(ct);
        if (request.PupilIds is { } named)
        {
            var expectedIds = children.Select(c => c.PupilId).ToHashSet();
            if (named.Count == 0 || named.Any(id => !expectedIds.Contains(id)))
            {
                throw new FieldValidationException("pupilIds", "Velg elever i gruppen som er ventet på SFO i dag.");
            }

            var wanted = named.ToHashSet();
            children = children.Where(c => wanted.Contains(c.PupilId)).ToList();
        }

        if (children.Count == 0)
        {
            throw new RuleConflictException(NobodyExpected);
        }

        var staffId = (await scope.RolesAsync(ct)).StaffId!.Value;
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var handover = new SfoHandover { MunicipalityId = group.MunicipalityId, GroupId = groupId, Date = today, HandedOverAt = now, StaffId = staffId };
        db.SfoHandovers.Add(handover);
        db.SfoHandoverPupils.AddRange(children.Select(c => new SfoHandoverPupil { HandoverId = handover.Id, PupilId = c.PupilId, SfoUnitId = c.SfoUnitId, Date = today }));
        var units = children.Select(c => c.SfoUnitId).Distinct().ToList();
        var unitSchools = await db.SfoUnits.AsNoTracking().Where(u => units.Contains(u.Id)).Select(u => new { u.Id, u.SchoolId }).ToListAsync(ct);
        foreach (var unit in unitSchools)
        {
            outbox.Enqueue(SfoEvents.HandedOver, group.MunicipalityId, [Audiences.SfoStaff(unit.Id), Audiences.SchoolOffice(unit.SchoolId)],
                new { handoverId = handover.Id, groupId, sfoUnitId = unit.Id });
        }

        await db.SaveChangesAsync(ct);
        return new SfoHandoverResponse(handover.Id, groupId, today, now,
            children.Select(c => new SfoHandoverPupilResponse(c.PupilId, c.GivenName, c.FamilyName, c.SfoUnitId)).ToList());
    }

    /// <summary>The group's pupils with a place that runs today and includes its weekday, not absent from SFO the whole day (one per pupil).</summary>
    private IQueryable<ExpectedChild> ExpectedInGroup(Guid groupId, DateOnly day) =>
        expected.On(db.SfoEnrolments.Where(e => db.GroupMemberships.Any(m => m.GroupId == groupId && m.PupilId == e.PupilId)), day)
            .Where(c => !c.AbsentWholeDay);

    private sealed record GroupRef(Guid Id, Guid MunicipalityId, Guid SchoolId);

    /// <summary>The group, when the caller teaches it (teacher or contact teacher covering it) or is office or principal at its school.</summary>
    private async Task<GroupRef?> GroupAsync(Guid groupId, CancellationToken ct)
    {
        var staffId = (await scope.RolesAsync(ct)).StaffId;
        return await db.Groups.AsNoTracking()
            .Where(g => g.Id == groupId && g.IsActive && db.StaffAssignments.Any(a => a.StaffId == staffId && a.IsActive && a.SchoolId == g.SchoolId
                && (a.Role == StaffRole.Office || a.Role == StaffRole.Principal
                    || ((a.Role == StaffRole.Teacher || a.Role == StaffRole.ContactTeacher)
                        && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && ag.GroupId == g.Id)))))
            .Select(g => new GroupRef(g.Id, g.MunicipalityId, g.SchoolId))
            .SingleOrDefaultAsync(ct);
    }
}

/// <summary>
/// The missing-child alert, every minute: a child handed over to SFO, with no check-in that stands and no absence notice to
/// the SFO (whole or part of the day) or approved leave for the day, Sfo:MissingAlertMinutes after the first handover,
/// gets one alert row per child and day (the primary key and ON CONFLICT DO NOTHING hold it to one also under concurrent
/// runs) and an <c>sfo.missing</c> event to the unit's staff and the school office, in the same transaction.
/// </summary>
internal sealed class SfoMissingAlertJob(MeldebokDbContext db, Outbox outbox, TimeProvider time, IOptions<SfoOptions> options)
{
    public const string Id = "sfo-missing-alerts";

    /// <summary>Raises the alerts that are due and returns how many were raised.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = now.AddMinutes(-options.Value.MissingAlertMinutes);
        // Handovers are for today only; two days back covers every time zone's "today".
        var since = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2);
        var candidates = await (
                from hp in db.SfoHandoverPupils
                join h in db.SfoHandovers on hp.HandoverId equals h.Id
                join u in db.SfoUnits on hp.SfoUnitId equals u.Id
                where hp.Date >= since && h.HandedOverAt <= due
                    && !db.SfoMissingAlerts.Any(a => a.PupilId == hp.PupilId && a.Date == hp.Date)
                    && !db.SfoAttendances.Any(a => a.PupilId == hp.PupilId && a.Date == hp.Date && a.Kind == SfoAttendanceKind.CheckIn && a.UndoneAt == null)
                    && !db.AbsenceNotices.Any(n => n.PupilId == hp.PupilId && n.ToSfo && n.Status == AbsenceNoticeStatus.Active
                        && n.FirstDate <= hp.Date && n.LastDate >= hp.Date)
                    && !db.LeaveApplications.Any(l => l.PupilId == hp.PupilId && l.Status == LeaveApplicationStatus.Approved
                        && l.FirstDate <= hp.Date && l.LastDate >= hp.Date)
                select new { hp.PupilId, hp.Date, hp.SfoUnitId, u.SchoolId, u.MunicipalityId })
            .Distinct()
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var raised = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var child in candidates.DistinctBy(c => (c.PupilId, c.Date)))
        {
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO sfo_missing_alerts (pupil_id, date, sfo_unit_id, raised_at)
                VALUES ({child.PupilId}, {child.Date}, {child.SfoUnitId}, {now})
                ON CONFLICT (pupil_id, date) DO NOTHING
                """, ct);
            if (inserted == 0)
            {
                continue;
            }

            raised++;
            outbox.Enqueue(SfoEvents.Missing, child.MunicipalityId, [Audiences.SfoStaff(child.SfoUnitId), Audiences.SchoolOffice(child.SchoolId)],
                new { sfoUnitId = child.SfoUnitId, pupilId = child.PupilId, date = child.Date });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return raised;
    }
}
