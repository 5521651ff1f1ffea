using System.Security.Claims;
using Meldebok.Server.Infrastructure.Auth;
using RoleNames = Meldebok.Server.Infrastructure.Auth.Roles;
using Meldebok.Server.Web.Text;

namespace Meldebok.Server.Web;

/// <summary>
/// A link of the main menu, shown to the given roles (or to everyone when none are given), and to staff for whom
/// <see cref="ForStaff"/> holds (the page's own access rule, read from the roster by <see cref="StaffMenu"/>).
/// </summary>
internal sealed record NavigationLink(string Href, Func<UiText, string> Label, params string[] Roles)
{
    public Func<StaffPages, bool>? ForStaff { get; init; }

    public bool IsVisibleTo(ClaimsPrincipal user, StaffPages staffPages) =>
        (Roles.Length == 0 && ForStaff is null)
        || Roles.Any(user.IsInRole)
        || (ForStaff is { } rule && user.IsInRole(RoleNames.Staff) && rule(staffPages));
}

/// <summary>The main menu, in order. A feature adds its page here with one line (and its label in each language).</summary>
internal static class NavigationLinks
{
    public static readonly IReadOnlyList<NavigationLink> All =
    [
        new(WebPaths.Home, text => text.Layout.Home),
        new(Features.Absence.Pages.AbsencePaths.Notices, text => text.Absence.MenuGuardian, Roles.Guardian),
        new(Features.Absence.Pages.AbsencePaths.Leave, text => text.Leave.MenuGuardian, Roles.Guardian),
        new(Features.Messages.Pages.MessagePaths.Inbox, text => text.Messages.Menu, Roles.Guardian, Roles.Staff),
        new(Features.Consents.Pages.ConsentPaths.Guardian, text => text.Consents.Menu, Roles.Guardian),
        new(Features.Sfo.Pickup.Pages.PickupPaths.Guardian, text => text.Pickup.Menu, Roles.Guardian),
        new(Features.Consents.Pages.ConsentPaths.Staff, text => text.Consents.Menu) { ForStaff = pages => pages.ClassLists },
        new(Features.Sfo.Pages.SfoPaths.Guardian, text => text.Sfo.MenuGuardian, Roles.Guardian),
        new(Features.Absence.Pages.AbsencePaths.Inbox, text => text.Absence.MenuStaff, Roles.Staff),
        new(Features.Sfo.Pages.SfoPaths.Board, text => text.Sfo.MenuBoard) { ForStaff = pages => pages.SfoBoard },
        new(Features.Sfo.Pages.SfoPaths.Handover, text => text.Sfo.MenuHandover) { ForStaff = pages => pages.Handover },
        new(Features.Absence.Pages.AbsencePaths.Overview, text => text.Leave.MenuOverview) { ForStaff = pages => pages.AbsenceOverview },
        new(Features.Absence.Pages.AbsencePaths.LeaveDecisions, text => text.Leave.MenuDecisions) { ForStaff = pages => pages.LeaveApplications },
        new(Features.Usage.Pages.UsagePage.Path, text => text.Usage.Menu, Roles.MunicipalityAdmin, Roles.PortfolioBoard) { ForStaff = pages => pages.PrincipalReports },
        new(Features.Benefits.Pages.BenefitsPage.Path, text => text.Benefits.Menu, Roles.MunicipalityAdmin, Roles.PortfolioBoard)
        {
            ForStaff = pages => pages.PrincipalReports || pages.BenefitOwner,
        },
        new(Features.ClassLists.Pages.ClassListPaths.Guardian, text => text.ClassLists.MenuGuardian, Roles.Guardian),
        new(Features.ClassLists.Pages.ClassListPaths.Staff, text => text.ClassLists.MenuStaff) { ForStaff = pages => pages.ClassLists },
        new(Features.ClassLists.Pages.ClassListPaths.Sfo, text => text.ClassLists.MenuSfo) { ForStaff = pages => pages.SfoClassLists },
        new(Features.Notifications.Pages.NotificationSettingsPage.Path, text => text.Notifications.Menu, Roles.Guardian, Roles.Staff),
        new(WebPaths.ApiDocumentation, text => text.Layout.ApiDocumentation, Roles.MunicipalityAdmin, Roles.PlatformOperator),
    ];
}
