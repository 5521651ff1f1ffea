using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Absence;

/// <summary>The event types of absence notices.</summary>
internal static class AbsenceEvents
{
    public const string Reported = "absence.reported";
    public const string Updated = "absence.updated";
    public const string Withdrawn = "absence.withdrawn";
    public const string Acknowledged = "absence.acknowledged";
}

/// <summary>An event's body: ids and flags only; receivers re-fetch through the API, which applies access.</summary>
/// <param name="NoticeId">The notice.</param>
/// <param name="PupilId">The pupil.</param>
/// <param name="Urgent">A late notice to the SFO.</param>
internal sealed record AbsenceNoticeEvent(Guid NoticeId, Guid PupilId, bool Urgent);

/// <summary>The pupil's place in the roster that a notice depends on: school, groups and SFO units.</summary>
/// <param name="MunicipalityId">The pupil's municipality.</param>
/// <param name="SchoolId">The pupil's school.</param>
/// <param name="SchoolGroupIds">Active groups that are not SFO groups.</param>
/// <param name="SfoUnits">SFO units of the pupil's active SFO groups, with their deadlines.</param>
/// <param name="AtSfo">Member of at least one active SFO group.</param>
internal sealed record PupilPlacement(
    Guid MunicipalityId, Guid SchoolId, IReadOnlyList<Guid> SchoolGroupIds, IReadOnlyList<(Guid Id, TimeOnly Deadline)> SfoUnits, bool AtSfo);

/// <summary>A pupil a guardian reports for, with what the report needs of the roster.</summary>
/// <param name="ReporterId">The guardian record the signed-in guardian acts as for the pupil.</param>
/// <param name="GivenName">The pupil's given name.</param>
/// <param name="FamilyName">The pupil's family name.</param>
/// <param name="Placement">The pupil's school, groups and SFO units.</param>
internal sealed record GuardianReportTarget(Guid ReporterId, string GivenName, string FamilyName, PupilPlacement Placement);

/// <summary>The rules every kind of notice shares: placement, recipients, lateness, "has started", receipts and events.</summary>
internal sealed class AbsenceNoticeRules(MeldebokDbContext db, MunicipalClock clock, Outbox outbox, AccessScope scope)
{
    /// <summary>
    /// Everything a guardian's report needs of the roster, in one round trip: whether the signed-in guardian reaches
    /// the pupil (null when not), the guardian record they act as for it (one per municipality; the one whose link
    /// allows access), the pupil's name and its placement.
    /// </summary>
    public async Task<GuardianReportTarget?> GuardianReportTargetAsync(Guid pupilId, CancellationToken ct)
    {
        var guardianIds = (await scope.RolesAsync(ct)).GuardianIds.ToList();
        var groups = GroupsOf(pupilId);
        var reporter = ActingGuardians(pupilId, guardianIds);
        var row = await scope.ReachableAsGuardian(guardianIds).AsNoTracking()
            .Where(p => p.Id == pupilId)
            .Select(p => new
            {
                p.MunicipalityId,
                p.SchoolId,
                p.GivenName,
                p.FamilyName,
                Reporter = reporter.First(),
                Groups = groups.ToList(),
            })
            .SingleOrDefaultAsync(ct);
        return row is null
            ? null
            : new GuardianReportTarget(row.Reporter, row.GivenName, row.FamilyName, Placement(row.MunicipalityId, row.SchoolId, row.Groups));
    }

    /// <summary>
    /// The guardian record the signed-in guardian acts as for <paramref name="pupilId"/> (one per municipality;
    /// the one whose link allows access). Call only after checking that the guardian reaches the pupil.
    /// </summary>
    public async Task<Guid> ActingGuardianAsync(Guid pupilId, CancellationToken ct) =>
        await ActingGuardians(pupilId, (await scope.RolesAsync(ct)).GuardianIds.ToList()).FirstAsync(ct);

    /// <summary>The caller's guardian records whose link to the pupil allows access, lowest id first.</summary>
    private IQueryable<Guid> ActingGuardians(Guid pupilId, List<Guid> guardianIds) =>
        db.GuardianLinks
            .Where(l => l.PupilId == pupilId && guardianIds.Contains(l.GuardianId) && l.IsActive && !l.Blocked && (l.ParentalResponsibility || l.RightToInformation))
            .OrderBy(l => l.GuardianId)
            .Select(l => l.GuardianId);

    /// <summary>The pupil's place in the roster, in one round trip.</summary>
    public async Task<PupilPlacement> PlacementAsync(Guid pupilId, CancellationToken ct)
    {
        var groups = GroupsOf(pupilId);
        var row = await db.Pupils.AsNoTracking()
            .Where(p => p.Id == pupilId)
            .Select(p => new { p.MunicipalityId, p.SchoolId, Groups = groups.ToList() })
            .SingleAsync(ct);
        return Placement(row.MunicipalityId, row.SchoolId, row.Groups);
    }

    /// <summary>The pupil's active groups, each with its SFO unit's deadline when the unit is active.</summary>
    private IQueryable<PlacementGroup> GroupsOf(Guid pupilId) =>
        db.Groups
            .Where(g => g.IsActive && db.GroupMemberships.Any(m => m.PupilId == pupilId && m.GroupId == g.Id))
            .Select(g => new PlacementGroup
            {
                Id = g.Id,
                Kind = g.Kind,
                SfoUnitId = g.SfoUnitId,
                UnitDeadline = db.SfoUnits.Where(u => u.Id == g.SfoUnitId && u.IsActive).Select(u => (TimeOnly?)u.LateNoticeDeadline).FirstOrDefault(),
            });

    private static PupilPlacement Placement(Guid municipalityId, Guid schoolId, List<PlacementGroup> groups) => new(
        municipalityId, schoolId,
        groups.Where(g => g.Kind != GroupKind.SfoGroup).Select(g => g.Id).Order().ToList(),
        groups.Where(g => g.Kind == GroupKind.SfoGroup && g.SfoUnitId is not null && g.UnitDeadline is not null)
            .Select(g => (Id: g.SfoUnitId!.Value, Deadline: g.UnitDeadline!.Value))
            .DistinctBy(u => u.Id)
            .OrderBy(u => u.Id)
            .ToList(),
        groups.Any(g => g.Kind == GroupKind.SfoGroup));

    /// <summary>A group of the pupil's placement; a member-initialised class so that EF Core can project it in a subquery.</summary>
    private sealed class PlacementGroup
    {
        public required Guid Id { get; init; }
        public required GroupKind Kind { get; init; }
        public required Guid? SfoUnitId { get; init; }
        public required TimeOnly? UnitDeadline { get; init; }
    }

    /// <summary>The shared date rules (<see cref="AbsenceDates.EnsureValid"/>), collected with the other field errors.</summary>
    public static void CheckDates(DateOnly first, DateOnly last, DateOnly today, AbsenceOptions options, FieldErrors errors)
    {
        try
        {
            AbsenceDates.EnsureValid(first, last, today, options);
        }
        catch (FieldValidationException exception)
        {
            foreach (var (field, messages) in exception.Errors)
            {
                foreach (var message in messages) errors.Add(field, message);
            }
        }
    }

    /// <summary>Rejects a notice that goes nowhere, or to an SFO the pupil does not attend.</summary>
    public static void CheckRecipients(bool toSchool, bool toSfo, PupilPlacement placement, FieldErrors errors)
    {
        if (!toSchool && !toSfo)
        {
            errors.Add("toSchool", "Meldingen må gå til skolen, SFO eller begge.");
        }

        if (toSfo && !placement.AtSfo)
        {
            errors.Add("toSfo", "Barnet går ikke på SFO.");
        }
    }

    /// <summary>
    /// The SFO units for which the notice is late: it concerns the SFO, its period covers today and it
    /// arrives after the unit's deadline (local time).
    /// </summary>
    public static IReadOnlyList<Guid> LateAt(bool toSfo, DateOnly firstDate, DateOnly lastDate, PupilPlacement placement, DateTime localNow)
    {
        var today = DateOnly.FromDateTime(localNow);
        if (!toSfo || today < firstDate || today > lastDate)
        {
            return [];
        }

        var time = TimeOnly.FromDateTime(localNow);
        return placement.SfoUnits.Where(u => time > u.Deadline).Select(u => u.Id).ToList();
    }

    /// <summary>Whether the absence has started: its first day, or for part of a day its start time, has come (local time).</summary>
    public static bool HasStarted(AbsenceNotice notice, DateTime localNow) =>
        localNow >= notice.FirstDate.ToDateTime(notice.FromTime ?? TimeOnly.MinValue);

    public Task<DateTime> LocalNowAsync(Guid municipalityId, CancellationToken ct) => clock.LocalNowAsync(municipalityId, ct);

    /// <summary>Who hears of a notice: its guardians, and the staff of each side it goes to.</summary>
    public static IEnumerable<string> AudiencesOf(AbsenceNotice notice, PupilPlacement placement)
    {
        yield return Audiences.PupilGuardians(notice.PupilId);
        if (notice.ToSchool)
        {
            foreach (var group in placement.SchoolGroupIds)
            {
                yield return Audiences.GroupStaff(group);
            }

            yield return Audiences.SchoolOffice(notice.SchoolId);
        }

        if (notice.ToSfo)
        {
            foreach (var unit in placement.SfoUnits)
            {
                yield return Audiences.SfoStaff(unit.Id);
            }
        }
    }

    /// <summary>Adds the event to the unit of work; the caller's SaveChanges stores it with the change.</summary>
    public void Enqueue(string type, AbsenceNotice notice, PupilPlacement placement, bool urgent = false) =>
        outbox.Enqueue(type, notice.MunicipalityId, AudiencesOf(notice, placement), new AbsenceNoticeEvent(notice.Id, notice.PupilId, urgent));

    /// <summary>The receipts of the given notices, with the staff member's name and role for the side acknowledged.</summary>
    public async Task<ILookup<Guid, AbsenceReceipt>> ReceiptsAsync(IReadOnlyCollection<Guid> noticeIds, CancellationToken ct)
    {
        var rows = await db.AbsenceAcknowledgements.AsNoTracking()
            .Where(a => noticeIds.Contains(a.NoticeId))
            .Join(db.Staff, a => a.StaffId, s => s.Id, (a, s) => new { Ack = a, s.GivenName, s.FamilyName })
            .Join(db.AbsenceNotices, x => x.Ack.NoticeId, n => n.Id, (x, n) => new { x.Ack, x.GivenName, x.FamilyName, n.SchoolId })
            .OrderBy(x => x.Ack.AcknowledgedAt).ThenBy(x => x.Ack.StaffId).ThenBy(x => x.Ack.Recipient)
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return Array.Empty<AbsenceReceipt>().ToLookup(_ => Guid.Empty);
        }

        var staffIds = rows.Select(r => r.Ack.StaffId).Distinct().ToList();
        var assignments = await db.StaffAssignments.AsNoTracking()
            .Where(a => staffIds.Contains(a.StaffId) && a.IsActive)
            .Select(a => new { a.StaffId, a.SchoolId, a.Role })
            .ToListAsync(ct);
        return rows.ToLookup(r => r.Ack.NoticeId, r => new AbsenceReceipt(
            r.Ack.Recipient,
            $"{r.GivenName} {r.FamilyName}",
            RoleFor(r.Ack.Recipient, assignments.Where(a => a.StaffId == r.Ack.StaffId && a.SchoolId == r.SchoolId).Select(a => a.Role)),
            r.Ack.AcknowledgedAt));
    }

    /// <summary>The role to show on a receipt: the one that explains why the person received that side.</summary>
    private static StaffRole? RoleFor(AbsenceRecipient recipient, IEnumerable<StaffRole> roles)
    {
        StaffRole[] preference = recipient == AbsenceRecipient.School
            ? [StaffRole.ContactTeacher, StaffRole.Teacher, StaffRole.Principal, StaffRole.Office, StaffRole.SfoLeader, StaffRole.SfoStaff]
            : [StaffRole.SfoLeader, StaffRole.SfoStaff, StaffRole.Principal, StaffRole.Office, StaffRole.ContactTeacher, StaffRole.Teacher];
        var held = roles.ToHashSet();
        return preference.Where(held.Contains).Select(r => (StaffRole?)r).FirstOrDefault();
    }
}
