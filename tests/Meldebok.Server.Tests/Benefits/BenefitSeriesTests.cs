using System.Net;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Usage;
using static Meldebok.Server.Features.Usage.UsageActions;
using static Meldebok.Server.Features.Usage.UsageChannels;
using UsageRole = Meldebok.Server.Features.Usage.UsageRoles;
using static Meldebok.Server.Tests.Benefits.BenefitArrange;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>
/// An indicator bound to one series of a metric (a channel of the legacy contacts, a role of the sign-ins): the night measures
/// that series, not the total. The tests' clock stands on Monday 7 September 2026; the last whole ISO week is 31 August – 6 September.
/// </summary>
public sealed class BenefitSeriesTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly Yesterday = new(2026, 9, 6);

    private static BenefitCreateRequest Bound(BenefitPlan plan, string description, string metricId, string? series, string unit, Guid? schoolId = null) =>
        Manual(plan.ProjectId, description, BenefitType.NonPriced, unit, 20, "2026-08-01", null, ("2027-06-30", 2)) with
        {
            Indicator = BenefitIndicatorKind.Metric, MetricId = metricId, MetricSeries = series, MetricSchoolId = schoolId,
        };

    /// <summary>The request with values a share may have (0–1), so that only the field under test is refused.</summary>
    private static BenefitCreateRequest AsShare(BenefitCreateRequest request) =>
        request with { BaselineValue = 0.2m, Targets = [new TargetPointRequest { Date = new DateOnly(2027, 6, 30), Value = 0.9m }] };

    [Fact]
    public async Task The_nightly_measurement_measures_the_channel_or_role_the_indicator_names()
    {
        var world = await app.ArrangeWorldAsync();
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var other = await world.Admin.CreateSchoolAsync("Søndre skole");
        var (office, principal, guardianB) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // The week: phone 3 (2 at the school, 1 at the other), e-mail 1, SMS to the office 1 — 5 legacy contacts; the week before
        // one phone call outside the measured period. Sign-ins: three by guardians (no school), one by a principal at the school.
        await app.AddEventsAsync(plan.MunicipalityId,
            ("2026-08-26", world.SchoolId, AbsenceLoggedLegacy, Phone, UsageRole.Office, office),
            ("2026-08-31", world.SchoolId, AbsenceLoggedLegacy, Phone, UsageRole.Office, office),
            ("2026-09-02", world.SchoolId, AbsenceLoggedLegacy, Phone, UsageRole.Office, office),
            ("2026-09-04", other, AbsenceLoggedLegacy, Phone, UsageRole.Office, office),
            ("2026-09-03", world.SchoolId, AbsenceLoggedLegacy, Email, UsageRole.Office, office),
            ("2026-09-06", world.SchoolId, AbsenceLoggedLegacy, SmsOffice, UsageRole.Office, office),
            ("2026-09-01", null, SignIn, IdPorten, UsageRole.Guardian, world.GuardianA),
            ("2026-09-05", null, SignIn, IdPorten, UsageRole.Guardian, world.GuardianA),
            ("2026-09-05", null, SignIn, IdPorten, UsageRole.Guardian, guardianB),
            ("2026-09-02", world.SchoolId, SignIn, Feide, UsageRole.Principal, principal));
        await world.Admin.Client.AggregateAsync("2026-08-24", "2026-09-06");

        var phone = await plan.Admin.CreateBenefitAsync(Bound(plan, "Færre telefoner", "legacy-contacts", "phone", "count/week"));
        var phoneAtSchool = await plan.Admin.CreateBenefitAsync(Bound(plan, "Færre telefoner ved skolen", "legacy-contacts", "phone", "count/week", world.SchoolId));
        var email = await plan.Admin.CreateBenefitAsync(Bound(plan, "Færre e-poster", "legacy-contacts", "email", "count/week"));
        var total = await plan.Admin.CreateBenefitAsync(Bound(plan, "Færre henvendelser", "legacy-contacts", null, "count/week"));
        var guardians = await plan.Admin.CreateBenefitAsync(Bound(plan, "Foresatte logger inn", "sign-ins", "guardian", "count/week"));
        var principals = await plan.Admin.CreateBenefitAsync(Bound(plan, "Rektorer logger inn", "sign-ins", "principal", "count/day"));
        Assert.Equal("phone", phone.Current.MetricSeries);
        Assert.Null(total.Current.MetricSeries);

        var run = await (await plan.Admin.PostAsync("/api/v1/admin/benefits/measure", null, Ct)).ReadAsync<MeasurementRunResult>();

        Assert.Equal(new MeasurementRunResult(Yesterday, Benefits: 6, Created: 6, AlreadyMeasured: 0, WithoutValue: 0), run);
        async Task<MeasurementResponse> Measured(BenefitResponse benefit) =>
            Assert.Single((await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{benefit.Id}/measurements")).Items);
        Assert.Equal((Yesterday, 3m), ((await Measured(phone)).Date, (await Measured(phone)).Value));
        Assert.Equal(2m, (await Measured(phoneAtSchool)).Value);
        Assert.Equal(1m, (await Measured(email)).Value);
        Assert.Equal(5m, (await Measured(total)).Value);
        Assert.Equal(3m, (await Measured(guardians)).Value);
        // Sunday 6 September: no principal signed in — a measured zero, not a missing value.
        Assert.Equal((Yesterday, 0m), ((await Measured(principals)).Date, (await Measured(principals)).Value));
        Assert.Contains("(phone), 2026-08-31–2026-09-06", (await Measured(phone)).Note, StringComparison.Ordinal);
        Assert.DoesNotContain("(", (await Measured(total)).Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_series_the_metric_does_not_have_or_a_unit_that_does_not_fit_is_named_by_field()
    {
        var plan = await app.ArrangePlanAsync();

        await (await plan.Admin.PostJsonAsync(Api, Bound(plan, "Faks", "legacy-contacts", "fax", "count/week"))).ValidationProblemAsync("metricSeries");
        // A share has only its total; a manual indicator has no series at all.
        await (await plan.Admin.PostJsonAsync(Api, AsShare(Bound(plan, "Digital andel", "digital-share", "phone", "share/week")))).ValidationProblemAsync("metricSeries");
        await (await plan.Admin.PostJsonAsync(Api, Manual(plan.ProjectId, "Manuell", BenefitType.NonPriced, "timer/uke", 10, "2026-08-01", null, ("2027-06-30", 5))
            with { MetricSeries = "phone" })).ValidationProblemAsync("metricSeries");
        // A role is a series of the sign-ins, not of the legacy contacts.
        await (await plan.Admin.PostJsonAsync(Api, Bound(plan, "Feil serie", "legacy-contacts", "guardian", "count/week"))).ValidationProblemAsync("metricSeries");
        // The series of a count is a count: a share unit does not fit it.
        var wrongUnit = await (await plan.Admin.PostJsonAsync(Api, AsShare(Bound(plan, "Andel telefon", "legacy-contacts", "phone", "share/week")))).ValidationProblemAsync("unit");
        Assert.Contains("count/week", wrongUnit.GetProperty("unit")[0].GetString(), StringComparison.Ordinal);
        // "total" is the metric's whole figure, stored as no series.
        var total = await plan.Admin.CreateBenefitAsync(Bound(plan, "Alle henvendelser", "legacy-contacts", "total", "count/week"));
        Assert.Null(total.Current.MetricSeries);
    }

    [Fact]
    public async Task Changing_the_series_is_a_new_revision_and_the_comparison_shows_it()
    {
        var plan = await app.ArrangePlanAsync();
        var benefit = await plan.Admin.CreateBenefitAsync(Bound(plan, "Færre henvendelser", "legacy-contacts", null, "count/week"));

        var toPhone = Revise(benefit.Current, "Følger telefonen særskilt") with { MetricSeries = "phone" };
        var second = await (await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", toPhone)).ReadAsync<BenefitResponse>(HttpStatusCode.Created);
        Assert.Equal((2, "phone"), (second.Current.Number, second.Current.MetricSeries));
        // The same series again changes nothing: 409.
        await (await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", Revise(second.Current, "Igjen"))).ProblemAsync(HttpStatusCode.Conflict);

        var comparison = await plan.Admin.GetJsonAsync<RevisionComparison>($"{Api}/{benefit.Id}/revisions/compare");
        Assert.Equal(new RevisionFieldChange("metricSeries", null, "phone", true), comparison.Fields.Single(f => f.Field == "metricSeries"));
        var history = await plan.Admin.GetJsonAsync<Paged<BenefitRevisionResponse>>($"{Api}/{benefit.Id}/revisions");
        Assert.Equal([(2, "phone"), (1, (string?)null)], history.Items.Select(r => (r.Number, r.MetricSeries)));
    }
}
