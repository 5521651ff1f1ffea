using System.Net;
using System.Text;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Web;

/// <summary>The leave and overview pages as a browser uses them: forms with antiforgery tokens, and the CSV download under the sign-in.</summary>
public sealed class LeavePageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> GuardianPagesAsync(Guid guardianId) =>
        app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(guardianId)));

    private async Task<HttpClient> StaffPagesAsync(AbsenceWorld world, StaffRole role, params Guid[] groups)
    {
        var (_, accountId, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, role, groups);
        return app.BrowserLikeClient(TestUser.Account(accountId));
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields) =>
        client.PostFormAsync(path, handler, fields);

    [Fact]
    public async Task Guardian_applies_through_the_form_and_the_list_shows_it_awaiting_a_decision()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pages = await GuardianPagesAsync(world.Roster.GuardianA);
        var first = AbsenceArrange.Today(app).AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await PostFormAsync(pages, "/permisjon", "apply-for-leave", new()
        {
            ["Input.PupilId"] = world.PupilA.ToString(), ["Input.FirstDate"] = first, ["Input.LastDate"] = first, ["Input.Reason"] = "Konfirmasjon i familien.",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/permisjon?sendt=1", response.Headers.Location?.PathAndQuery);
        var (_, html) = await pages.GetPageAsync("/permisjon?sendt=1");
        Assert.Contains("Søknaden er sendt til skolen.", html, StringComparison.Ordinal);
        Assert.Contains("Konfirmasjon i familien.", html, StringComparison.Ordinal);
        Assert.Contains("Venter på vedtak", html, StringComparison.Ordinal);
        Assert.Equal(LeaveApplicationStatus.Pending, await app.WithDbAsync(db => db.LeaveApplications.Where(l => l.PupilId == world.PupilA).Select(l => l.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task A_form_with_a_past_date_shows_the_error_and_applies_for_nothing()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pages = await GuardianPagesAsync(world.Roster.GuardianA);
        var yesterday = AbsenceArrange.Today(app).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await PostFormAsync(pages, "/permisjon", "apply-for-leave", new()
        {
            ["Input.PupilId"] = world.PupilA.ToString(), ["Input.FirstDate"] = yesterday, ["Input.LastDate"] = yesterday, ["Input.Reason"] = "Tur.",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(LeaveMessages.FirstDateInPast, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.LeaveApplications.AnyAsync(l => l.PupilId == world.PupilA, Ct)));
    }

    [Fact]
    public async Task Another_guardian_withdraws_a_pending_application_from_the_list()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pages = await GuardianPagesAsync(world.SecondGuardianA);
        var application = await (await world.GuardianA.PostJsonAsync("/api/v1/leave-applications",
                new LeaveApplicationRequest(world.PupilA, AbsenceArrange.Today(app).AddDays(7), AbsenceArrange.Today(app).AddDays(7), "Tur.")))
            .ReadAsync<LeaveApplicationResponse>(HttpStatusCode.Created);

        using var response = await PostFormAsync(pages, "/permisjon", $"withdraw-leave-{application.Id}", new() { ["ApplicationId"] = application.Id.ToString() });

        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Søknaden er trukket.", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"withdraw-leave-{application.Id}", html, StringComparison.Ordinal);
        Assert.Equal(LeaveApplicationStatus.Withdrawn, (await world.GuardianA.GetJsonAsync<LeaveApplicationResponse>($"/api/v1/leave-applications/{application.Id}")).Status);
    }

    [Fact]
    public async Task Principal_refuses_through_the_decision_page_and_the_office_gets_no_decision_form()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var principal = await StaffPagesAsync(world, StaffRole.Principal);
        var office = await StaffPagesAsync(world, StaffRole.Office);
        var application = await (await world.GuardianA.PostJsonAsync("/api/v1/leave-applications",
                new LeaveApplicationRequest(world.PupilA, AbsenceArrange.Today(app).AddDays(7), AbsenceArrange.Today(app).AddDays(8), "Tur til Hellas.")))
            .ReadAsync<LeaveApplicationResponse>(HttpStatusCode.Created);

        var (_, officeHtml) = await office.GetPageAsync("/ansatt/permisjon");
        using var response = await PostFormAsync(principal, "/ansatt/permisjon", $"decide-{application.Id}", new()
        {
            ["ApplicationId"] = application.Id.ToString(), ["Decision"] = "Refused", ["Comment"] = "Terminprøver den uka.",
        });

        Assert.Contains("Tur til Hellas.", officeHtml, StringComparison.Ordinal);
        Assert.DoesNotContain($"decide-{application.Id}", officeHtml, StringComparison.Ordinal);
        Assert.Contains("Vedtaket er registrert", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var decided = await world.GuardianA.GetJsonAsync<LeaveApplicationResponse>($"/api/v1/leave-applications/{application.Id}");
        Assert.Equal((LeaveApplicationStatus.Refused, "Terminprøver den uka."), (decided.Status, decided.DecisionComment));
    }

    [Fact]
    public async Task Office_downloads_the_schools_csv_from_the_overview_page_and_a_teacher_gets_neither_link_nor_file()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var office = await StaffPagesAsync(world, StaffRole.Office);
        var teacher = await StaffPagesAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        await world.GuardianA.ReportAsync(AbsenceArrange.Notice(world.PupilA, AbsenceArrange.Today(app)));

        var (_, teacherHtml) = await teacher.GetPageAsync($"/ansatt/fravaersoversikt?gruppe={world.Roster.ClassA}");
        var (_, officeHtml) = await office.GetPageAsync($"/ansatt/fravaersoversikt?gruppe={world.Roster.ClassA}&halvar=2026-Autumn");
        var link = $"/ansatt/fravaersoversikt/eksport?skole={world.SchoolId}&amp;skolear=2026&amp;halvar=Autumn";
        using var download = await office.GetAsync(WebUtility.HtmlDecode(link), Ct);
        using var refused = await teacher.GetAsync(WebUtility.HtmlDecode(link), Ct);

        Assert.Contains("<th scope=\"row\">Hansen, Emma</th>", teacherHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("/ansatt/fravaersoversikt/eksport", teacherHtml, StringComparison.Ordinal);
        Assert.Contains(link, officeHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        var csv = Encoding.UTF8.GetString((await download.Content.ReadAsByteArrayAsync(Ct))[3..]);
        Assert.Contains("\"Hansen\";\"Emma\";\"5A\";1;0;1", csv, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual("text/csv", refused.Content.Headers.ContentType?.MediaType);
    }
}
