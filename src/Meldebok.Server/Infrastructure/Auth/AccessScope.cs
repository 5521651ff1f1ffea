using System.Security.Claims;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Data;

namespace Meldebok.Server.Infrastructure.Auth;

/// <summary>
/// Which pupils the signed-in person may reach, as composable queries: features filter their own
/// queries with these (<c>db.Absences.Where(a =&gt; scope.ReachablePupils().Any(p =&gt; p.Id == a.PupilId))</c>)
/// so that reach is decided in SQL, never by loading rows and checking them in memory.
/// <list type="bullet">
/// <item>A guardian reaches an active pupil through an active, unblocked link with parental
/// responsibility or a right to information, from an active guardian record matching the account's
/// national identity number.</item>
/// <item>A staff member reaches active pupils through active assignments: office and principal the
/// whole school, every other role (teacher, contact teacher, SFO staff, SFO leader) only the pupils
/// in the active groups their assignment covers.</item>
/// <item>Protected addresses (fortrolig / strengt fortrolig): such a pupil is reached only by staff
/// whose assignment covers one of the pupil's groups and by the principal and office of the school
/// (who need the pupil for the school's administration), and by the guardians linked to the pupil —
/// never by other guardians. With the rules above this holds by construction; guardian contact details
/// of a protected pupil are shown only to staff assigned to one of the pupil's groups
/// (<see cref="PupilsWithGuardianContactsAsync"/>).</item>
/// </list>
/// Reach is computed from the roster on every request, so a changed link or assignment applies at once.
/// </summary>
internal sealed class AccessScope(MeldebokDbContext db, RosterRoleResolver resolver, IHttpContextAccessor http)
{
    private RosterRoles? roles;
    private bool resolved;

    /// <summary>The roster roles of the current account; empty roles for callers without an account.</summary>
    public async Task<RosterRoles> RolesAsync(CancellationToken ct)
    {
        if (!resolved)
        {
            var accountId = http.HttpContext?.User.AccountId();
            roles = accountId is { } id ? await resolver.ResolveAsync(id, ct) : null;
            resolved = true;
        }

        return roles ?? new RosterRoles([], null, null, null, false);
    }

    /// <summary>The current principal, for features that need more than reach.</summary>
    public ClaimsPrincipal? User => http.HttpContext?.User;

    /// <summary>Every pupil the current person may reach, as guardian or as staff.</summary>
    public async Task<IQueryable<Pupil>> ReachablePupilsAsync(CancellationToken ct)
    {
        var r = await RolesAsync(ct);
        var asGuardian = ReachableAsGuardian(r.GuardianIds);
        var asStaff = ReachableAsStaff(r.StaffId);
        return db.Pupils.Where(p => asGuardian.Any(g => g.Id == p.Id) || asStaff.Any(s => s.Id == p.Id));
    }

    /// <summary>The pupils the current person reaches as a guardian (their own children).</summary>
    public async Task<IQueryable<Pupil>> GuardianPupilsAsync(CancellationToken ct) => ReachableAsGuardian((await RolesAsync(ct)).GuardianIds);

    /// <summary>The pupils the current person reaches as staff.</summary>
    public async Task<IQueryable<Pupil>> StaffPupilsAsync(CancellationToken ct) => ReachableAsStaff((await RolesAsync(ct)).StaffId);

    /// <summary>
    /// The pupils whose guardians' contact details the current staff member may see: reachable pupils
    /// without a protected address, and protected pupils only through an assignment covering one of their groups.
    /// </summary>
    public async Task<IQueryable<Pupil>> PupilsWithGuardianContactsAsync(CancellationToken ct)
    {
        var staffId = (await RolesAsync(ct)).StaffId;
        var throughGroups = ReachableThroughGroups(staffId);
        return ReachableAsStaff(staffId).Where(p => p.ProtectedAddress == ProtectedAddressLevel.None || throughGroups.Any(g => g.Id == p.Id));
    }

    /// <summary>The pupils the given guardian records reach (for callers that resolved the roles themselves, e.g. the real-time hub).</summary>
    public IQueryable<Pupil> ReachableAsGuardian(IReadOnlyList<Guid> guardianIds)
    {
        var ids = guardianIds.ToList();
        return db.Pupils.Where(p => p.IsActive && db.GuardianLinks.Any(l =>
            l.PupilId == p.Id && ids.Contains(l.GuardianId)
            && l.IsActive && !l.Blocked && (l.ParentalResponsibility || l.RightToInformation)));
    }

    private IQueryable<Pupil> ReachableAsStaff(Guid? staffId)
    {
        var throughGroups = ReachableThroughGroups(staffId);
        return db.Pupils.Where(p => p.IsActive && (throughGroups.Any(g => g.Id == p.Id) || db.StaffAssignments.Any(a =>
            a.StaffId == staffId && a.IsActive && a.SchoolId == p.SchoolId && a.MunicipalityId == p.MunicipalityId
            && (a.Role == StaffRole.Office || a.Role == StaffRole.Principal))));
    }

    /// <summary>Pupils in an active group covered by one of the staff member's active assignments at the pupil's school.</summary>
    private IQueryable<Pupil> ReachableThroughGroups(Guid? staffId) =>
        db.Pupils.Where(p => p.IsActive && db.StaffAssignments.Any(a =>
            a.StaffId == staffId && a.IsActive && a.SchoolId == p.SchoolId && a.MunicipalityId == p.MunicipalityId
            && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id
                && db.GroupMemberships.Any(m => m.GroupId == ag.GroupId && m.PupilId == p.Id)
                && db.Groups.Any(g => g.Id == ag.GroupId && g.IsActive))));
}
