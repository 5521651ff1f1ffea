using System.Net;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Features.Usage.Pages;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Features.Usage.UsageActions;
using static Meldebok.Server.Features.Usage.UsageChannels;

namespace Meldebok.Server.Tests.Usage;

/// <summary>Who sees which statistics, the catalogue, metrics without data yet, adoption per school, and bad input.</summary>
public sealed class UsageAccessTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_principal_sees_their_own_school_and_gets_404_for_another_school_and_other_staff_get_403()
    {
        var world = await app.ArrangeWorldAsync();
        var otherSchool = await world.Admin.CreateSchoolAsync("Nordre skole");
        var (principal, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var (otherPrincipal, _, _) = await app.StaffClientAsync(world.Admin, otherSchool, StaffRole.Principal);
        var (office, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        var otherAdmin = await app.AdminOfNewMunicipalityAsync("Andevik kommune");

        var own = await principal.MetricAsync(UsageMetrics.DigitalShare, "interval=day");
        Assert.Equal((world.Admin.MunicipalityId, (Guid?)world.SchoolId), (own.MunicipalityId, own.SchoolId));
        await (await principal.GetAsync($"{UsageArrange.Metrics}/{UsageMetrics.DigitalShare}?schoolId={otherSchool}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await otherPrincipal.GetAsync($"{UsageArrange.Metrics}/{UsageMetrics.DigitalShare}?schoolId={world.SchoolId}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await otherAdmin.Client.GetAsync($"{UsageArrange.Metrics}/{UsageMetrics.DigitalShare}?schoolId={world.SchoolId}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await office.GetAsync(UsageArrange.Metrics, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await office.GetAsync("/api/v1/usage/adoption", Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        var municipality = await world.Admin.Client.MetricAsync(UsageMetrics.DigitalShare, "interval=month");
        Assert.Equal((world.Admin.MunicipalityId, (Guid?)null, "month"), (municipality.MunicipalityId, municipality.SchoolId, municipality.Interval));
    }

    [Fact]
    public async Task The_catalogue_names_every_metric_and_metrics_without_their_feature_answer_no_data_yet()
    {
        var world = await app.ArrangeWorldAsync();

        var catalogue = await world.Admin.Client.GetJsonAsync<List<UsageMetricDefinition>>(UsageArrange.Metrics);

        Assert.Equal(
            [UsageMetrics.ActiveGuardians, UsageMetrics.ActivationRate, UsageMetrics.DigitalShare, UsageMetrics.LegacyContacts, UsageMetrics.SignIns,
             UsageMetrics.MessageReadRate, UsageMetrics.MessageTimeToRead, UsageMetrics.ConsentResponseRate, UsageMetrics.ConsentTimeToAnswer, UsageMetrics.SfoPickupPlanShare],
            catalogue.Select(m => m.Id));
        Assert.Equal("Digital andel fraværsmeldinger", catalogue.Single(m => m.Id == UsageMetrics.DigitalShare).Name);
        Assert.All(catalogue, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
        var messages = await world.Admin.Client.MetricAsync(UsageMetrics.MessageReadRate, "interval=week");
        Assert.Equal(("no-data-yet", 0), (messages.Status, messages.Series.Count));
        Assert.Contains("message.sent", messages.Note, StringComparison.Ordinal);
        Assert.False(catalogue.Single(m => m.Id == UsageMetrics.MessageReadRate).HasData);
    }

    [Fact]
    public async Task Bad_ranges_intervals_and_unknown_metrics_are_refused_naming_the_field_or_the_metric()
    {
        var world = await app.ArrangeWorldAsync();
        var admin = world.Admin.Client;
        var metric = $"{UsageArrange.Metrics}/{UsageMetrics.DigitalShare}";
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);

        await (await admin.GetAsync($"{metric}?from=2026-06-02&to=2026-06-01", Ct)).ValidationProblemAsync("from");
        await (await admin.GetAsync($"{metric}?from=2025-01-01&to=2026-06-01", Ct)).ValidationProblemAsync("to");
        await (await admin.GetAsync($"{metric}?to={today.AddDays(2):yyyy-MM-dd}", Ct)).ValidationProblemAsync("to");
        await (await admin.GetAsync($"{metric}?interval=fortnight", Ct)).ValidationProblemAsync("interval");
        await (await admin.GetAsync($"{metric}?from=1999-12-31&to=2000-01-01", Ct)).ValidationProblemAsync("from");
        await (await admin.PostAsync($"{UsageArrange.Aggregate}?from=2026-06-02&to=2026-06-01", null, Ct)).ValidationProblemAsync("from");
        Assert.Equal("day", (await admin.MetricAsync(UsageMetrics.DigitalShare, "interval=Day")).Interval);

        var unknown = await (await admin.GetAsync($"{UsageArrange.Metrics}/lykke-indeks", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("«lykke-indeks»", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("lykke-indeks", unknown.GetProperty("metricId").GetString());
    }

    [Fact]
    public async Task Adoption_lists_the_schools_that_lag_behind_first_and_a_principal_sees_only_their_own()
    {
        var world = await app.ArrangeWorldAsync();
        var admin = world.Admin;
        var other = await admin.CreateSchoolAsync("Nordre skole");
        var otherPupil = await admin.CreatePupilAsync(RosterTestData.Pupil(other, "Ida", "Moe"));
        var otherGuardian = await admin.CreateGuardianAsync(RosterTestData.Guardian("Siri", "Moe", "siri@example.no"));
        await admin.LinkAsync(otherGuardian.Id, otherPupil.Id);
        var (principal, _, _) = await app.StaffClientAsync(admin, world.SchoolId, StaffRole.Principal);
        var yesterday = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await app.AddEventsAsync(admin.MunicipalityId,
            (yesterday, null, SignIn, IdPorten, UsageRoles.Guardian, world.GuardianA),
            (yesterday, world.SchoolId, AbsenceReported, Digital, UsageRoles.Guardian, world.GuardianA),
            (yesterday, world.SchoolId, AbsenceLoggedLegacy, Phone, UsageRoles.Teacher, Guid.NewGuid()),
            (yesterday, other, AbsenceLoggedLegacy, Email, UsageRoles.Office, Guid.NewGuid()));
        await admin.Client.AggregateAsync(yesterday, yesterday);

        var adoption = await admin.Client.GetJsonAsync<UsageAdoptionResponse>("/api/v1/usage/adoption");

        Assert.Equal(
        [
            new SchoolAdoption(other, "Nordre skole", 1, 0, 0.0, 0, 0, 1, 0.0),
            new SchoolAdoption(world.SchoolId, await SchoolNameAsync(world.SchoolId), 2, 1, 0.5, 1, 1, 1, 0.5),
        ], adoption.Schools);
        var own = await principal.GetJsonAsync<UsageAdoptionResponse>("/api/v1/usage/adoption");
        Assert.Equal([world.SchoolId], own.Schools.Select(s => s.SchoolId));
    }

    [Fact]
    public async Task The_statistics_page_shows_a_principal_their_school_week_by_week_and_other_staff_that_it_is_for_leaders()
    {
        var world = await app.ArrangeWorldAsync();
        var (_, principalAccount, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var (_, officeAccount, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        var yesterday = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await app.AddEventsAsync(world.Admin.MunicipalityId,
            (yesterday, null, SignIn, IdPorten, UsageRoles.Guardian, world.GuardianA),
            (yesterday, world.SchoolId, AbsenceReported, Digital, UsageRoles.Guardian, world.GuardianA),
            (yesterday, world.SchoolId, AbsenceLoggedLegacy, Phone, UsageRoles.Teacher, Guid.NewGuid()));
        await world.Admin.Client.AggregateAsync(yesterday, yesterday);

        var (status, html) = await app.BrowserLikeClient(TestUser.Account(principalAccount)).GetPageAsync(UsagePage.Path);

        Assert.Equal(200, status);
        Assert.Contains("<h1>Bruksstatistikk</h1>", html, StringComparison.Ordinal);
        // The week of yesterday (Sunday 6 September 2026 is in ISO week 36): one active guardian, 1 of 2 activated, 1 of 2 notices digital.
        Assert.Matches(@"<th scope=""row"">Uke 36 \(31\.8\.\)</th>\s*<td>1</td>\s*<td>50(&#xA0;|\u00A0| )%</td>\s*<td>50(&#xA0;|\u00A0| )%</td>\s*<td>1</td>", html);
        Assert.Contains($"<th scope=\"row\">{await SchoolNameAsync(world.SchoolId)}</th>", html, StringComparison.Ordinal);

        var (officeStatus, officeHtml) = await app.BrowserLikeClient(TestUser.Account(officeAccount)).GetPageAsync(UsagePage.Path);
        Assert.Equal(200, officeStatus);
        Assert.Contains("Bare rektorer, porteføljestyret og kommunens administratorer ser bruksstatistikken.", officeHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", officeHtml, StringComparison.Ordinal);
    }

    private Task<string> SchoolNameAsync(Guid schoolId) => app.WithDbAsync(db => Task.FromResult(db.Schools.Single(s => s.Id == schoolId).Name));
}
