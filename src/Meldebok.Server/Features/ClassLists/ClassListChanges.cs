using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.ClassLists;

/// <summary>The real-time events of class lists.</summary>
internal static class ClassListEvents
{
    /// <summary>
    /// What a class list shows has changed: to those who have it open. Payload { groupId } for a group's list, { sfoUnitId }
    /// for an SFO unit's; re-fetch the list through the API.
    /// </summary>
    public const string Changed = "class-list.changed";
}

/// <summary>
/// Tells those who may have a class list open that it changed, when a guardian's answer changes what it shows: a
/// contact-sharing answer changes the guardians' lists of the child's groups (the guardians of every pupil in them, who
/// reach the list, get <see cref="ClassListEvents.Changed"/>); a photo-publication answer changes the staff lists (the
/// staff of each of the child's groups, the school's office and principal, and the staff of the SFO units where the child
/// has a place today). Nothing for a pupil with a protected address in the guardians' lists, which never show such a pupil.
/// </summary>
internal sealed class ClassListChanges(MeldebokDbContext db, Outbox outbox, MunicipalClock clock)
{
    /// <summary>Adds the events (unsaved) to the answer's unit of work, so they exist exactly when the answer was stored.</summary>
    public async Task ConsentAnsweredAsync(Guid municipalityId, Guid pupilId, ConsentPurpose purpose, CancellationToken ct)
    {
        if (purpose == ConsentPurpose.General)
        {
            return;
        }

        var groups = await db.GroupMemberships.AsNoTracking().Where(m => m.PupilId == pupilId)
            .Join(db.Groups.Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => new { g.Id, g.SchoolId, g.SfoUnitId })
            .ToListAsync(ct);
        if (purpose == ConsentPurpose.ContactSharing)
        {
            if (await db.Pupils.AnyAsync(p => p.Id == pupilId && p.ProtectedAddress != ProtectedAddressLevel.None, ct))
            {
                return;
            }

            var groupIds = groups.Select(g => g.Id).ToList();
            var members = await db.GroupMemberships.AsNoTracking().Where(m => groupIds.Contains(m.GroupId))
                .Select(m => new { m.GroupId, m.PupilId }).ToListAsync(ct);
            foreach (var group in groups)
            {
                outbox.Enqueue(ClassListEvents.Changed, municipalityId,
                    members.Where(m => m.GroupId == group.Id).Select(m => Audiences.PupilGuardians(m.PupilId)), new { groupId = group.Id });
            }

            return;
        }

        foreach (var group in groups)
        {
            string[] staff = group.SfoUnitId is { } unit
                ? [Audiences.GroupStaff(group.Id), Audiences.SchoolOffice(group.SchoolId), Audiences.SfoStaff(unit)]
                : [Audiences.GroupStaff(group.Id), Audiences.SchoolOffice(group.SchoolId)];
            outbox.Enqueue(ClassListEvents.Changed, municipalityId, staff, new { groupId = group.Id });
        }

        var today = await clock.TodayAsync(municipalityId, ct);
        var units = await db.SfoEnrolments.AsNoTracking()
            .Where(e => e.PupilId == pupilId && e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
            .Join(db.SfoUnits, e => e.SfoUnitId, u => u.Id, (e, u) => new { u.Id, u.SchoolId })
            .Distinct()
            .ToListAsync(ct);
        foreach (var unit in units)
        {
            outbox.Enqueue(ClassListEvents.Changed, municipalityId, [Audiences.SfoStaff(unit.Id), Audiences.SchoolOffice(unit.SchoolId)], new { sfoUnitId = unit.Id });
        }
    }
}
