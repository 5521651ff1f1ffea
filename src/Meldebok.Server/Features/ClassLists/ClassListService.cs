using System.Globalization;
using System.Text;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Pupils;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.ClassLists;

/// <summary>
/// Class lists (klasselister). A guardian who reaches a child sees the pupils of each of the child's active groups — names
/// only, never a pupil with a protected address — and the contact details of exactly those guardians who currently consent
/// to share them (a standing ContactSharing consent, <see cref="StandingConsents"/>). Staff see the full list of a group
/// their assignment covers (office and principal: every group of their school) with birth dates, photo consent and the
/// guardians' contact details as <see cref="AccessScope"/> allows; reading protected pupils and exporting are audited.
/// </summary>
internal sealed class ClassListService(
    MeldebokDbContext db, AccessScope scope, StandingConsents standing, MunicipalClock clock, AuditLog audit)
{
    /// <summary>The class lists of one child of the calling guardian; null when the child is out of reach.</summary>
    public async Task<GuardianClassListsResponse?> ForChildAsync(Guid pupilId, CancellationToken ct)
    {
        var child = await (await scope.GuardianPupilsAsync(ct)).AsNoTracking().Where(p => p.Id == pupilId)
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.MunicipalityId }).SingleOrDefaultAsync(ct);
        if (child is null)
        {
            return null;
        }

        var groups = await db.GroupMemberships.AsNoTracking().Where(m => m.PupilId == pupilId)
            .Join(db.Groups.Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => g)
            .OrderBy(g => g.Kind).ThenBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new { g.Id, g.Name, g.Kind })
            .ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        // Protected pupils are left out in SQL: they are never loaded, so they cannot be shown or counted.
        var members = await db.GroupMemberships.AsNoTracking().Where(m => groupIds.Contains(m.GroupId))
            .Join(db.Pupils.Where(p => p.IsActive && p.ProtectedAddress == ProtectedAddressLevel.None), m => m.PupilId, p => p.Id,
                (m, p) => new { m.GroupId, p.Id, p.GivenName, p.FamilyName })
            .ToListAsync(ct);
        var pupilIds = members.Select(m => m.Id).Distinct().ToList();
        var sharing = await standing.ContactSharingGuardiansAsync(pupilIds, await clock.TodayAsync(child.MunicipalityId, ct), ct);
        var contacts = await GuardianContacts.OfAsync(db, pupilIds, ct);
        var shared = pupilIds.ToDictionary(id => id, id => contacts[id]
            .Where(c => sharing[id].Contains(c.GuardianId))
            .Select(c => new SharedGuardianContact(c.GivenName + " " + c.FamilyName, c.Email, c.Mobile))
            .ToList());

        return new GuardianClassListsResponse(child.Id, child.GivenName + " " + child.FamilyName, groups.Select(g => new GuardianClassList(
            g.Id, g.Name, g.Kind, members.Where(m => m.GroupId == g.Id)
                .OrderBy(m => m.GivenName, StringComparer.Ordinal).ThenBy(m => m.FamilyName, StringComparer.Ordinal).ThenBy(m => m.Id)
                .Select(m => new ClassListEntry(m.GivenName, m.FamilyName, shared[m.Id]))
                .ToList())).ToList());
    }

    /// <summary>The groups whose class list the calling staff member may open, by school and name.</summary>
    public async Task<List<ClassListGroup>> GroupsAsync(CancellationToken ct) =>
        await VisibleGroups(db, (await scope.RolesAsync(ct)).StaffId)
            .Join(db.Schools, g => g.SchoolId, s => s.Id, (g, s) => new { g.Id, g.Name, SchoolName = s.Name })
            .OrderBy(g => g.SchoolName).ThenBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new ClassListGroup(g.Id, g.Name, g.SchoolName))
            .ToListAsync(ct);

    /// <summary>
    /// A group's full class list for staff; null when the group is out of reach. Protected pupils appear as
    /// <see cref="AccessScope"/> lets the caller reach them, their guardians' contacts only through an assignment covering
    /// one of their groups; each protected pupil read is audited.
    /// </summary>
    public async Task<StaffClassListResponse?> ForGroupAsync(Guid groupId, CancellationToken ct)
    {
        var staffId = (await scope.RolesAsync(ct)).StaffId;
        var group = await VisibleGroups(db, staffId).Where(g => g.Id == groupId)
            .Join(db.Schools, g => g.SchoolId, s => s.Id, (g, s) => new { g.Id, g.Name, g.Kind, g.MunicipalityId, SchoolName = s.Name })
            .SingleOrDefaultAsync(ct);
        if (group is null)
        {
            return null;
        }

        var inGroup = (await scope.StaffPupilsAsync(ct)).Where(p => db.GroupMemberships.Any(m => m.GroupId == groupId && m.PupilId == p.Id));
        var today = await clock.TodayAsync(group.MunicipalityId, ct);
        return new StaffClassListResponse(group.Id, group.Name, group.Kind, group.SchoolName, today,
            await StaffPupilsAsync(inGroup, group.MunicipalityId, today, contactsOfEveryUnprotected: false, ct));
    }

    /// <summary>The SFO units whose class list the calling staff member may open, by name.</summary>
    public async Task<List<ClassListGroup>> SfoUnitsAsync(CancellationToken ct) =>
        await VisibleSfoUnits(db, (await scope.RolesAsync(ct)).StaffId)
            .Join(db.Schools, u => u.SchoolId, s => s.Id, (u, s) => new { u.Id, u.Name, SchoolName = s.Name })
            .OrderBy(u => u.Name).ThenBy(u => u.SchoolName).ThenBy(u => u.Id)
            .Select(u => new ClassListGroup(u.Id, u.Name, u.SchoolName))
            .ToListAsync(ct);

    /// <summary>
    /// The class list of an SFO unit as a whole: every active pupil with a place at the unit that runs today (any weekday),
    /// with the same columns and privacy as a group's staff list. A pupil with a protected address is listed only when
    /// <see cref="AccessScope"/> lets the caller reach the pupil (an assignment covering one of the pupil's groups, or the
    /// school's office and principal), the guardians' contacts as for a group list; each protected pupil read is audited.
    /// Null when the caller does not work the unit (<see cref="VisibleSfoUnits"/>).
    /// </summary>
    public async Task<SfoUnitClassListResponse?> ForSfoUnitAsync(Guid unitId, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        var unit = await VisibleSfoUnits(db, roles.StaffId).Where(u => u.Id == unitId && u.MunicipalityId == roles.MunicipalityId)
            .Join(db.Schools, u => u.SchoolId, s => s.Id, (u, s) => new { u.Id, u.Name, u.MunicipalityId, SchoolName = s.Name })
            .SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return null;
        }

        var today = await clock.TodayAsync(unit.MunicipalityId, ct);
        var placed = db.SfoEnrolments.Where(e => e.SfoUnitId == unitId && e.StartDate <= today && (e.EndDate == null || e.EndDate >= today));
        var reached = await scope.StaffPupilsAsync(ct);
        var members = db.Pupils.Where(p => p.IsActive && p.MunicipalityId == unit.MunicipalityId && placed.Any(e => e.PupilId == p.Id)
            && (p.ProtectedAddress == ProtectedAddressLevel.None || reached.Any(r => r.Id == p.Id)));
        // The unit's staff work with every child at the unit (the board names them all): the guardians' contacts of every child
        // without a protected address; a protected pupil's only through an assignment covering one of the pupil's groups.
        return new SfoUnitClassListResponse(unit.Id, unit.Name, unit.SchoolName, today,
            await StaffPupilsAsync(members, unit.MunicipalityId, today, contactsOfEveryUnprotected: true, ct));
    }

    /// <summary>
    /// The rows of a staff class list for the pupils of <paramref name="members"/>: photo consent of <paramref name="today"/>,
    /// guardians' contacts where <see cref="AccessScope.PupilsWithGuardianContactsAsync"/> allows (and, with
    /// <paramref name="contactsOfEveryUnprotected"/>, of every member without a protected address); protected pupils audited.
    /// </summary>
    private async Task<List<StaffClassListPupil>> StaffPupilsAsync(
        IQueryable<Pupil> members, Guid municipalityId, DateOnly today, bool contactsOfEveryUnprotected, CancellationToken ct)
    {
        var withContacts = await scope.PupilsWithGuardianContactsAsync(ct);
        var pupils = await members.AsNoTracking()
            .Select(p => new
            {
                p.Id, p.GivenName, p.FamilyName, p.BirthDate, p.ProtectedAddress,
                ContactsAllowed = (contactsOfEveryUnprotected && p.ProtectedAddress == ProtectedAddressLevel.None) || withContacts.Any(c => c.Id == p.Id),
            })
            .ToListAsync(ct);
        var ids = pupils.Select(p => p.Id).ToList();
        var photo = await standing.PhotoConsentAsync(ids, today, ct);
        var contacts = await GuardianContacts.OfAsync(db, pupils.Where(p => p.ContactsAllowed).Select(p => p.Id).ToList(), ct);

        foreach (var pupil in pupils.Where(p => p.ProtectedAddress != ProtectedAddressLevel.None))
        {
            audit.Add(AuditActions.PupilReadProtected, new AuditSubject(municipalityId, AuditObjects.Pupil, pupil.Id, PupilId: pupil.Id), Roles.Staff);
        }

        await db.SaveChangesAsync(ct);
        return pupils
            .OrderBy(p => p.GivenName, StringComparer.Ordinal).ThenBy(p => p.FamilyName, StringComparer.Ordinal).ThenBy(p => p.Id)
            .Select(p => new StaffClassListPupil(p.Id, p.GivenName, p.FamilyName, p.BirthDate, p.ProtectedAddress != ProtectedAddressLevel.None, photo[p.Id],
                !p.ContactsAllowed, p.ContactsAllowed ? contacts[p.Id].ToList() : []))
            .ToList();
    }

    /// <summary>
    /// A group's class list as CSV (UTF-8 with BOM, semicolons): name, birth date, photo consent and guardians with contact
    /// details as the staff list shows them. The export is audited. Null when the group is out of reach.
    /// </summary>
    public async Task<ClassListExport?> ExportAsync(Guid groupId, CancellationToken ct)
    {
        if (await ForGroupAsync(groupId, ct) is not { } list)
        {
            return null;
        }

        var municipalityId = await db.Groups.Where(g => g.Id == groupId).Select(g => g.MunicipalityId).SingleAsync(ct);
        await audit.WriteAsync(AuditActions.ExportClassList, new AuditSubject(municipalityId, AuditObjects.Group, groupId), ct, Roles.Staff);
        return new ClassListExport(CsvOf(list.Pupils), $"klasseliste-{FileSafe(list.Name)}.csv");
    }

    /// <summary>An SFO unit's class list as CSV, with the columns of a group's export; audited for the unit. Null when out of reach.</summary>
    public async Task<ClassListExport?> ExportSfoUnitAsync(Guid unitId, CancellationToken ct)
    {
        if (await ForSfoUnitAsync(unitId, ct) is not { } list)
        {
            return null;
        }

        var municipalityId = await db.SfoUnits.Where(u => u.Id == unitId).Select(u => u.MunicipalityId).SingleAsync(ct);
        await audit.WriteAsync(AuditActions.ExportClassList, new AuditSubject(municipalityId, AuditObjects.SfoUnit, unitId), ct, Roles.Staff);
        return new ClassListExport(CsvOf(list.Pupils), $"klasseliste-{FileSafe(list.Name)}.csv");
    }

    private static byte[] CsvOf(IEnumerable<StaffClassListPupil> pupils)
    {
        var csv = new StringBuilder("Fornavn;Etternavn;Fødselsdato;Fotosamtykke;Foresatte\r\n");
        foreach (var pupil in pupils)
        {
            var guardians = string.Join(" / ", pupil.Guardians.Select(g =>
                string.Join(", ", new[] { g.GivenName + " " + g.FamilyName, g.Email, g.Mobile }.Where(part => !string.IsNullOrEmpty(part)))));
            csv.Append(Csv.Text(pupil.GivenName)).Append(';')
                .Append(Csv.Text(pupil.FamilyName)).Append(';')
                .Append(pupil.BirthDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)).Append(';')
                .Append(Csv.Text(PhotoConsentText(pupil.PhotoConsent))).Append(';')
                .Append(Csv.Text(pupil.GuardianContactsHidden ? "(skjermet)" : guardians)).Append("\r\n");
        }

        return Csv.Utf8WithBom(csv);
    }

    /// <summary>The photo consent as the export and the pages write it.</summary>
    public static string PhotoConsentText(PhotoConsentState state) => state switch
    {
        PhotoConsentState.Given => "Samtykket",
        PhotoConsentState.Refused => "Ikke samtykket",
        PhotoConsentState.Pending => "Venter på svar",
        _ => "Ikke spurt",
    };

    private static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    /// <summary>Active groups covered by one of the staff member's active assignments, and every active group of a school they lead.</summary>
    internal static IQueryable<Group> VisibleGroups(MeldebokDbContext db, Guid? staffId) =>
        db.Groups.AsNoTracking().Where(g => g.IsActive && db.StaffAssignments.Any(a =>
            a.StaffId == staffId && a.IsActive && a.SchoolId == g.SchoolId && a.MunicipalityId == g.MunicipalityId
            && (a.Role == StaffRole.Office || a.Role == StaffRole.Principal
                || db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && ag.GroupId == g.Id))));

    /// <summary>The SFO units whose class list the staff member opens: the units whose board they work (<see cref="SfoAccess.BoardUnits"/>).</summary>
    internal static IQueryable<SfoUnit> VisibleSfoUnits(MeldebokDbContext db, Guid? staffId) => SfoAccess.BoardUnits(db, staffId).AsNoTracking();
}
