using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.ClassLists;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Web;

/// <summary>
/// The staff pages that have something for this staff member, from their roster assignments. Each flag is the page's own
/// access rule (the same query the page's service uses), so the menu never offers a page that would answer "no access".
/// </summary>
/// <param name="SfoBoard">An SFO unit whose board they work: SFO staff and leaders through an SFO group, office and principal of its school.</param>
/// <param name="Handover">A group they hand over to SFO: teachers and contact teachers of the group, office and principal.</param>
/// <param name="AbsenceOverview">A school group whose absence they see: teachers of the group, office and principal.</param>
/// <param name="LeaveApplications">Office or principal somewhere (the principal decides, the office reads).</param>
/// <param name="ClassLists">A group their assignment covers, or a school they lead; also whom they may ask for consents.</param>
/// <param name="PrincipalReports">Principal somewhere: usage statistics and benefit plans.</param>
/// <param name="SfoClassLists">An SFO unit whose class list they open (the units whose board they work).</param>
/// <param name="BenefitOwner">Named as the owner of a benefit: the benefit plans.</param>
internal sealed record StaffPages(bool SfoBoard, bool Handover, bool AbsenceOverview, bool LeaveApplications, bool ClassLists, bool PrincipalReports, bool SfoClassLists, bool BenefitOwner)
{
    public static readonly StaffPages None = new(false, false, false, false, false, false, false, false);
}

/// <summary>
/// Reads <see cref="StaffPages"/> for the signed-in staff member in one query (one per page render). The menu renders while
/// the page loads its own data, so the query runs on a DbContext of its own, never on the request's.
/// </summary>
internal sealed class StaffMenu(AccessScope scope, IServiceScopeFactory scopes)
{
    public async Task<StaffPages> PagesAsync(CancellationToken ct)
    {
        // The roles were resolved for the request by the claims transformation; this reads the cached result.
        if ((await scope.RolesAsync(ct)).StaffId is not { } staffId)
        {
            return StaffPages.None;
        }

        await using var own = scopes.CreateAsyncScope();
        var db = own.ServiceProvider.GetRequiredService<MeldebokDbContext>();

        // Captured queries are inlined by EF Core as EXISTS subqueries of one statement.
        var boardUnits = SfoAccess.BoardUnits(db, staffId);
        var handoverGroups = SfoHandoverService.HandoverGroups(db, staffId);
        var overviewGroups = AbsenceOverviewService.VisibleGroups(db, staffId);
        var leaderRoles = LeaveApplicationService.Leaders.ToList();
        var leads = db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive && leaderRoles.Contains(a.Role));
        var classListGroups = ClassListService.VisibleGroups(db, staffId);
        var principal = UsageService.PrincipalAssignments(db, staffId);
        var sfoClassListUnits = ClassListService.VisibleSfoUnits(db, staffId);
        var owned = Features.Benefits.BenefitService.OwnedBenefits(db, staffId);
        return await db.Staff.AsNoTracking()
            .Where(s => s.Id == staffId)
            .Select(s => new StaffPages(
                boardUnits.Any(), handoverGroups.Any(), overviewGroups.Any(), leads.Any(), classListGroups.Any(), principal.Any(),
                sfoClassListUnits.Any(), owned.Any()))
            .SingleOrDefaultAsync(ct) ?? StaffPages.None;
    }
}
