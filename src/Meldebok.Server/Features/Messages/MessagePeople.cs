using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Messages;

/// <summary>A participant's identity and display name, as the queries of the feature project it.</summary>
internal sealed record ParticipantRow(Guid Id, Guid? GuardianId, Guid? StaffId, Guid? AdministratorId, DateTimeOffset? LastReadAt, string Name)
{
    public string Kind => GuardianId is not null ? "Guardian" : StaffId is not null ? "Staff" : "Administrator";

    public string Audience => GuardianId is { } g ? Audiences.Guardian(g) : StaffId is { } s ? Audiences.Staff(s) : Audiences.Administrator(AdministratorId!.Value);
}

/// <summary>Who the caller is in messages, and the names of the people in them, from the roster.</summary>
internal sealed class MessagePeople(MeldebokDbContext db, AccessScope scope, UsageRecorder usage)
{
    /// <summary>
    /// Counts a message action for the usage statistics, in the unit of work of the action: a guardian or an administrator
    /// in their role, a staff member in the role that best explains it at the school.
    /// </summary>
    public async Task RecordUsageAsync(string action, Guid municipalityId, Guid? schoolId, Guid? guardianId, Guid? staffId, Guid? administratorId, CancellationToken ct)
    {
        if (staffId is { } staff && schoolId is { } school)
        {
            await usage.RecordStaffAsync(action, municipalityId, school, UsageChannels.Digital, staff, null, ct);
            return;
        }

        var (role, person) = guardianId is { } g ? (UsageRoles.Guardian, g)
            : administratorId is { } a ? (UsageRoles.Administrator, a)
            : (UsageRoles.Teacher, staffId!.Value);
        await usage.RecordAsync(action, municipalityId, schoolId, UsageChannels.Digital, role, person, ct);
    }

    public Task<RosterRoles> RolesAsync(CancellationToken ct) => scope.RolesAsync(ct);

    /// <summary>
    /// The participant rows that are the caller: as a guardian only while a link still lets the guardian reach the
    /// thread's pupil, as staff or administrator while that record is active (the roles come from active records only).
    /// </summary>
    public async Task<IQueryable<ThreadParticipant>> MeAsync(CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        var guardianIds = roles.GuardianIds.ToList();
        var staffId = roles.StaffId;
        var administratorId = roles.AdministratorId;
        var reachable = scope.ReachableAsGuardian(guardianIds);
        return db.ThreadParticipants.Where(p =>
            (p.GuardianId != null && guardianIds.Contains(p.GuardianId.Value)
                && db.MessageThreads.Any(t => t.Id == p.ThreadId && reachable.Any(r => r.Id == t.PupilId)))
            || (staffId != null && p.StaffId == staffId)
            || (administratorId != null && p.AdministratorId == administratorId));
    }

    /// <summary>The participants of a thread with their names.</summary>
    public IQueryable<ParticipantRow> Participants(Guid threadId) =>
        db.ThreadParticipants.Where(p => p.ThreadId == threadId).Select(p => new ParticipantRow(
            p.Id, p.GuardianId, p.StaffId, p.AdministratorId, p.LastReadAt,
            p.GuardianId != null
                ? db.Guardians.Where(g => g.Id == p.GuardianId).Select(g => g.GivenName + " " + g.FamilyName).First()
                : p.StaffId != null
                    ? db.Staff.Where(s => s.Id == p.StaffId).Select(s => s.GivenName + " " + s.FamilyName).First()
                    : db.MunicipalityAdministrators.Where(a => a.Id == p.AdministratorId).Select(a => a.GivenName + " " + a.FamilyName).First()));

    /// <summary>Guardians who may receive messages about the pupil (<see cref="ReceivingLinks"/>).</summary>
    public IQueryable<Guardian> GuardiansOf(Guid pupilId)
    {
        var links = ReceivingLinks(db.Pupils.Where(p => p.Id == pupilId));
        return db.Guardians.Where(g => links.Any(l => l.GuardianId == g.Id));
    }

    /// <summary>
    /// The guardian–pupil links through which messages about the pupils reach a guardian: active and unblocked, with
    /// parental responsibility or a right to information, of an active guardian.
    /// </summary>
    public IQueryable<GuardianLink> ReceivingLinks(IQueryable<Pupil> pupils) =>
        db.GuardianLinks.Where(l => l.IsActive && !l.Blocked && (l.ParentalResponsibility || l.RightToInformation)
            && pupils.Any(p => p.Id == l.PupilId)
            && db.Guardians.Any(g => g.Id == l.GuardianId && g.IsActive));

    /// <summary>
    /// The guardians who may receive messages about the pupils (<see cref="ReceivingLinks"/>), once each, with the first of
    /// their children among the pupils by name: the child a bulk message's reply thread is about.
    /// </summary>
    public async Task<List<(Guid GuardianId, Guid PupilId)>> FirstChildPerGuardianAsync(IQueryable<Pupil> pupils, CancellationToken ct)
    {
        var rows = await ReceivingLinks(pupils)
            .Join(db.Pupils, l => l.PupilId, p => p.Id, (l, p) => new { l.GuardianId, l.PupilId, p.FamilyName, p.GivenName })
            .OrderBy(r => r.GuardianId).ThenBy(r => r.FamilyName).ThenBy(r => r.GivenName).ThenBy(r => r.PupilId)
            .Select(r => new { r.GuardianId, r.PupilId })
            .ToListAsync(ct);
        var first = new List<(Guid GuardianId, Guid PupilId)>(rows.Count);
        foreach (var row in rows)
        {
            if (first.Count == 0 || first[^1].GuardianId != row.GuardianId)
            {
                first.Add((row.GuardianId, row.PupilId));
            }
        }

        return first;
    }

    /// <summary>
    /// The staff a guardian's thread goes to: the contact teachers of the pupil's groups, the school's office and principal,
    /// or the SFO staff and leaders of the pupil's SFO groups — active people in active assignments only.
    /// </summary>
    public IQueryable<Guid> StaffFor(Guid pupilId, Guid schoolId, GuardianAddressee to)
    {
        var assignments = db.StaffAssignments.Where(a => a.IsActive && a.SchoolId == schoolId && db.Staff.Any(s => s.Id == a.StaffId && s.IsActive));
        var pupilGroups = db.GroupMemberships.Where(m => m.PupilId == pupilId)
            .Join(db.Groups.Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => g);
        var covering = to switch
        {
            GuardianAddressee.Office => assignments.Where(a => a.Role == StaffRole.Office || a.Role == StaffRole.Principal),
            GuardianAddressee.ContactTeacher => assignments.Where(a => a.Role == StaffRole.ContactTeacher && db.StaffAssignmentGroups.Any(ag =>
                ag.StaffAssignmentId == a.Id && pupilGroups.Any(g => g.Id == ag.GroupId && g.Kind != GroupKind.SfoGroup))),
            _ => assignments.Where(a => (a.Role == StaffRole.SfoStaff || a.Role == StaffRole.SfoLeader) && db.StaffAssignmentGroups.Any(ag =>
                ag.StaffAssignmentId == a.Id && pupilGroups.Any(g => g.Id == ag.GroupId && g.Kind == GroupKind.SfoGroup))),
        };
        return covering.Select(a => a.StaffId).Distinct();
    }
}
