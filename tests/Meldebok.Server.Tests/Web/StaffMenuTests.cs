using System.Net;
using System.Text.RegularExpressions;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.Web;

/// <summary>
/// The staff menu follows the person's roster assignments: each staff page is offered to exactly those whose assignments give
/// the page something to show, and every page offered opens without a "not for you" message.
/// </summary>
public sealed partial class StaffMenuTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    /// <summary>What the staff pages say to someone they have nothing for.</summary>
    private static readonly string[] NothingForYou =
    [
        "Du arbeider ikke ved noen SFO.", "Du har ingen grupper å overlevere fra.", "Du har ingen grupper å vise fravær for.",
        "Bare rektor og skolekontoret ser permisjonssøknader.", "Bare rektorer, porteføljestyret og kommunens administratorer ser bruksstatistikken.",
        "Bare gevinsteiere, rektorer, porteføljestyret og kommunens administratorer ser gevinstplanene.", "Du har ingen grupper.", "Du jobber ikke på noen SFO.",
    ];

    public static TheoryData<StaffRole, string[]> MenuByRole => new()
    {
        { StaffRole.ContactTeacher, ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "Overlevering", "Fraværsoversikt", "Klasselister", "Varslinger"] },
        { StaffRole.Teacher, ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "Overlevering", "Fraværsoversikt", "Klasselister", "Varslinger"] },
        { StaffRole.SfoStaff, ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Klasselister", "SFO-klasseliste", "Varslinger"] },
        { StaffRole.SfoLeader, ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Klasselister", "SFO-klasseliste", "Varslinger"] },
        {
            StaffRole.Office,
            ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Overlevering", "Fraværsoversikt", "Permisjonssøknader", "Klasselister", "SFO-klasseliste", "Varslinger"]
        },
        {
            StaffRole.Principal,
            ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Overlevering", "Fraværsoversikt", "Permisjonssøknader", "Bruksstatistikk",
                "Gevinster", "Klasselister", "SFO-klasseliste", "Varslinger"]
        },
    };

    [Theory]
    [MemberData(nameof(MenuByRole))]
    public async Task Staff_menu_follows_the_role_and_every_page_it_offers_has_something_for_the_person(StaffRole role, string[] expected)
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        Guid[] groups = role switch
        {
            StaffRole.Teacher or StaffRole.ContactTeacher => [world.Roster.ClassA],
            StaffRole.SfoStaff or StaffRole.SfoLeader => [world.Roster.SfoGroup],
            _ => [],
        };
        var (_, accountId, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, role, groups);
        var pages = app.BrowserLikeClient(TestUser.Account(accountId));

        var (status, html) = await pages.GetPageAsync("/");

        Assert.Equal(200, status);
        var links = MenuLinks(html);
        Assert.Equal(expected, links.Select(l => l.Label).ToArray());
        foreach (var (href, label) in links)
        {
            var (pageStatus, page) = await pages.GetPageAsync(href);
            Assert.True(pageStatus == 200, $"{label} ({href}) answered {pageStatus}.");
            Assert.DoesNotContain(NothingForYou, text => page.Contains(text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Staff_member_without_assignments_gets_only_the_pages_every_staff_member_has()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var feideId = $"ansatt-{Guid.NewGuid():N}@testvik.kommune.no";
        await world.Admin.Client.CreateStaffMemberAsync(feideId: feideId);
        var accountId = await app.CreateAccountAsync("Ansatt", feideId: feideId);

        var (_, html) = await app.BrowserLikeClient(TestUser.Account(accountId)).GetPageAsync("/");

        Assert.Equal(["Hjem", "Meldinger", "Fraværsinnboks", "Varslinger"], MenuLinks(html).Select(l => l.Label).ToArray());
    }

    [Fact]
    public async Task Contact_teacher_who_also_works_at_the_SFO_gets_the_links_of_both_roles()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (_, accountId, staffId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        await world.Admin.Client.CreateAssignmentAsync(staffId, world.SchoolId, StaffRole.SfoStaff, [world.Roster.SfoGroup]);

        var (_, html) = await app.BrowserLikeClient(TestUser.Account(accountId)).GetPageAsync("/");

        Assert.Equal(
            ["Hjem", "Meldinger", "Samtykker", "Fraværsinnboks", "SFO-tavle", "Overlevering", "Fraværsoversikt", "Klasselister", "SFO-klasseliste", "Varslinger"],
            MenuLinks(html).Select(l => l.Label).ToArray());
    }

    private static List<(string Href, string Label)> MenuLinks(string html) =>
        [.. MenuLink().Matches(WebPageClient.MainMenu(html)).Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))];

    [GeneratedRegex("<a href=\"([^\"]+)\"[^>]*>([^<]+)</a>")]
    private static partial Regex MenuLink();
}
