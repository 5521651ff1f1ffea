using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Pupils;

/// <summary>The signed-in person's own view of pupils: only what <see cref="AccessScope"/> lets them reach.</summary>
internal sealed class PupilAccessService(MeldebokDbContext db, AccessScope scope, AuditLog audit, StandingConsents standing, MunicipalClock clock)
{
    public async Task<MeResponse?> MeAsync(CancellationToken ct)
    {
        if (scope.User?.AccountId() is not { } accountId)
        {
            return null;
        }

        var roles = await scope.RolesAsync(ct);
        var displayName = await db.Users.Where(u => u.Id == accountId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        var roleNames = new List<string>();
        if (roles.GuardianIds.Count > 0) roleNames.Add(Roles.Guardian);
        if (roles.StaffId is not null) roleNames.Add(Roles.Staff);
        if (roles.AdministratorId is not null) roleNames.Add(Roles.MunicipalityAdmin);
        if (roles.PortfolioBoardMemberId is not null) roleNames.Add(Roles.PortfolioBoard);
        if (roles.IsPlatformOperator) roleNames.Add(Roles.PlatformOperator);
        return new MeResponse(accountId, displayName, roleNames, roles.GuardianIds, roles.StaffId, roles.AdministratorId, roles.MunicipalityId);
    }

    public async Task<Paged<ReachablePupilListItem>> ListAsync(ReachablePupilFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = (await scope.ReachablePupilsAsync(ct)).AsNoTracking();
        if (filter.GroupId is { } groupId)
        {
            query = query.Where(p => db.GroupMemberships.Any(m => m.PupilId == p.Id && m.GroupId == groupId));
        }

        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(p => EF.Functions.ILike(p.GivenName + " " + p.FamilyName, pattern));
        }

        return await query
            .Join(db.Schools, p => p.SchoolId, s => s.Id, (p, s) => new { Pupil = p, School = s })
            .OrderBy(x => x.Pupil.FamilyName).ThenBy(x => x.Pupil.GivenName).ThenBy(x => x.Pupil.Id)
            .Select(x => new ReachablePupilListItem(x.Pupil.Id, x.Pupil.GivenName, x.Pupil.FamilyName, x.Pupil.BirthDate, x.School.Id, x.School.Name))
            .ToPageAsync(page, ct);
    }

    /// <summary>
    /// One reachable pupil, or null when outside reach. Staff reads and every read of a protected
    /// pupil are audited.
    /// </summary>
    public async Task<ReachablePupilResponse?> GetAsync(Guid id, CancellationToken ct)
    {
        var asStaff = await (await scope.StaffPupilsAsync(ct)).AnyAsync(p => p.Id == id, ct);
        var asGuardian = !asStaff && await (await scope.GuardianPupilsAsync(ct)).AnyAsync(p => p.Id == id, ct);
        if (!asStaff && !asGuardian)
        {
            return null;
        }

        var pupil = await db.Pupils.AsNoTracking()
            .Where(p => p.Id == id)
            .Join(db.Schools, p => p.SchoolId, s => s.Id, (p, s) => new { Pupil = p, SchoolName = s.Name })
            .SingleAsync(ct);
        var groups = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.PupilId == id)
            .Join(db.Groups.Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => g)
            .OrderBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new PupilGroupInfo(g.Id, g.Name, g.Kind))
            .ToListAsync(ct);

        IReadOnlyList<PupilGuardianContact>? guardians = null;
        PhotoConsentState? photoConsent = null;
        if (asStaff)
        {
            var contactsAllowed = await (await scope.PupilsWithGuardianContactsAsync(ct)).AnyAsync(p => p.Id == id, ct);
            guardians = contactsAllowed ? (await GuardianContacts.OfAsync(db, [id], ct))[id].ToList() : [];
            photoConsent = (await standing.PhotoConsentAsync([id], await clock.TodayAsync(pupil.Pupil.MunicipalityId, ct), ct))[id];
        }

        var p = pupil.Pupil;
        var action = p.HasProtectedAddress ? AuditActions.PupilReadProtected : asStaff ? AuditActions.PupilRead : null;
        if (action is not null)
        {
            await audit.WriteAsync(action, new AuditSubject(p.MunicipalityId, AuditObjects.Pupil, p.Id, PupilId: p.Id), ct,
                asStaff ? Roles.Staff : Roles.Guardian);
        }

        return new ReachablePupilResponse(p.Id, p.GivenName, p.FamilyName, p.BirthDate, p.SchoolId, pupil.SchoolName, groups,
            asStaff ? p.HasProtectedAddress : null, guardians, photoConsent);
    }
}

/// <summary>The contact details of pupils' guardians, for the staff views that may show them.</summary>
internal static class GuardianContacts
{
    /// <summary>
    /// Per pupil, the active guardians with an active, unblocked link and their contact details, by name. The caller decides
    /// whether the contacts may be shown (<see cref="AccessScope.PupilsWithGuardianContactsAsync"/>).
    /// </summary>
    public static async Task<ILookup<Guid, PupilGuardianContact>> OfAsync(MeldebokDbContext db, IReadOnlyCollection<Guid> pupilIds, CancellationToken ct)
    {
        var ids = pupilIds.Distinct().ToList();
        return (await db.GuardianLinks.AsNoTracking()
            .Where(l => ids.Contains(l.PupilId) && l.IsActive && !l.Blocked)
            .Join(db.Guardians.Where(g => g.IsActive), l => l.GuardianId, g => g.Id, (l, g) => new { Link = l, Guardian = g })
            .OrderBy(x => x.Guardian.FamilyName).ThenBy(x => x.Guardian.GivenName).ThenBy(x => x.Guardian.Id)
            .Select(x => new
            {
                x.Link.PupilId,
                Contact = new PupilGuardianContact(x.Guardian.Id, x.Guardian.GivenName, x.Guardian.FamilyName, x.Guardian.Email, x.Guardian.Mobile,
                    x.Guardian.PreferredLanguage, x.Link.ParentalResponsibility, x.Link.DailyCare, x.Link.RightToInformation),
            })
            .ToListAsync(ct))
            .ToLookup(x => x.PupilId, x => x.Contact);
    }
}
