using System.Security.Claims;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Web.Text;

namespace Meldebok.Server.Web;

/// <summary>A link of the main menu, shown to the given roles (or to everyone when none are given).</summary>
internal sealed record NavigationLink(string Href, Func<UiText, string> Label, params string[] Roles)
{
    public bool IsVisibleTo(ClaimsPrincipal user) => Roles.Length == 0 || Roles.Any(user.IsInRole);
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
        new(Features.Consents.Pages.ConsentPaths.Staff, text => text.Consents.Menu, Roles.Staff),
        new(Features.Sfo.Pages.SfoPaths.Guardian, text => text.Sfo.MenuGuardian, Roles.Guardian),
        new(Features.Absence.Pages.AbsencePaths.Inbox, text => text.Absence.MenuStaff, Roles.Staff),
        // Shown to all staff: the menu cannot tell SFO staff from teachers yet; each page says who it is for (no unit / no group).
        new(Features.Sfo.Pages.SfoPaths.Board, text => text.Sfo.MenuBoard, Roles.Staff),
        new(Features.Sfo.Pages.SfoPaths.Handover, text => text.Sfo.MenuHandover, Roles.Staff),
        new(Features.Absence.Pages.AbsencePaths.Overview, text => text.Leave.MenuOverview, Roles.Staff),
        new(Features.Absence.Pages.AbsencePaths.LeaveDecisions, text => text.Leave.MenuDecisions, Roles.Staff),
        // Principals open it too (by address); the menu has no way to tell a principal from other staff yet.
        new(Features.Usage.Pages.UsagePage.Path, text => text.Usage.Menu, Roles.MunicipalityAdmin),
        new(Features.Benefits.Pages.BenefitsPage.Path, text => text.Benefits.Menu, Roles.MunicipalityAdmin),
        new(Features.ClassLists.Pages.ClassListPaths.Guardian, text => text.ClassLists.MenuGuardian, Roles.Guardian),
        new(Features.ClassLists.Pages.ClassListPaths.Staff, text => text.ClassLists.MenuStaff, Roles.Staff),
        new(Features.Notifications.Pages.NotificationSettingsPage.Path, text => text.Notifications.Menu, Roles.Guardian, Roles.Staff),
        new(WebPaths.ApiDocumentation, text => text.Layout.ApiDocumentation, Roles.MunicipalityAdmin, Roles.PlatformOperator),
    ];
}
