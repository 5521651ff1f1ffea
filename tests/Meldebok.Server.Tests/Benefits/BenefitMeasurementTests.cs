using System.Net;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Usage;
using Microsoft.Extensions.DependencyInjection;
using static Meldebok.Server.Features.Usage.UsageActions;
using static Meldebok.Server.Features.Usage.UsageChannels;
using static Meldebok.Server.Tests.Benefits.BenefitArrange;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>
/// Automatic measurements from constructed usage figures. The tests' clock stands on Monday 7 September 2026, so yesterday is
/// Sunday 6 September and the last whole ISO week runs from Monday 31 August to that Sunday.
/// </summary>
public sealed class BenefitMeasurementTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly Yesterday = new(2026, 9, 6);

    [Fact]
    public async Task The_nightly_measurement_stores_the_metric_of_the_last_whole_period_once_per_date()
    {
        var world = await app.ArrangeWorldAsync();
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var (teacher, guardian) = (Guid.NewGuid(), world.GuardianA);
        // The week at the school: three digital notices, one by phone and one by SMS (digital share 3 / 5 = 0.6); on Sunday two
        // legacy contacts in the municipality (one at another school); the week before, a phone call that belongs to no measured period.
        var other = await world.Admin.CreateSchoolAsync("Nordre skole");
        await app.AddEventsAsync(plan.MunicipalityId,
            ("2026-08-24", world.SchoolId, AbsenceLoggedLegacy, Phone, Features.Usage.UsageRoles.Teacher, teacher),
            ("2026-08-31", world.SchoolId, AbsenceReported, Digital, Features.Usage.UsageRoles.Guardian, guardian),
            ("2026-09-02", world.SchoolId, AbsenceReported, Digital, Features.Usage.UsageRoles.Guardian, guardian),
            ("2026-09-03", world.SchoolId, AbsenceLoggedLegacy, Phone, Features.Usage.UsageRoles.Teacher, teacher),
            ("2026-09-06", world.SchoolId, AbsenceReported, Digital, Features.Usage.UsageRoles.Guardian, guardian),
            ("2026-09-06", world.SchoolId, AbsenceLoggedLegacy, SmsOffice, Features.Usage.UsageRoles.Teacher, teacher),
            ("2026-09-06", other, AbsenceLoggedLegacy, Email, Features.Usage.UsageRoles.Office, teacher));
        await world.Admin.Client.AggregateAsync("2026-08-24", "2026-09-06");

        BenefitCreateRequest Bound(string description, string metricId, string unit, Guid? schoolId, decimal baseline, decimal target) =>
            Manual(plan.ProjectId, description, BenefitType.NonPriced, unit, baseline, "2026-08-01", null, ("2027-06-30", target)) with
            {
                Indicator = BenefitIndicatorKind.Metric, MetricId = metricId, MetricSchoolId = schoolId,
            };
        var share = await plan.Admin.CreateBenefitAsync(Bound("Én kanal i stedet for mange", "digital-share", "share/week", world.SchoolId, 0.2m, 0.9m));
        var legacy = await plan.Admin.CreateBenefitAsync(Bound("Færre henvendelser via gamle kanaler", "legacy-contacts", "count/day", null, 20, 2));
        var noData = await plan.Admin.CreateBenefitAsync(Bound("Leste meldinger", "message-read-rate", "share/month", null, 0.5m, 0.95m));
        var manual = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Fornøyde foresatte", BenefitType.NonPriced, "andel", 0.6m, "2026-08-01", null, ("2027-06-30", 0.8m)));
        var closed = await plan.Admin.CreateBenefitAsync(Bound("Avsluttet", "legacy-contacts", "count/day", null, 20, 2));
        await (await plan.Admin.PostJsonAsync($"{Api}/{closed.Id}/close", new BenefitCloseRequest { Reason = "Erstattet" })).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var first = await (await plan.Admin.PostAsync("/api/v1/admin/benefits/measure", null, Ct)).ReadAsync<MeasurementRunResult>();

        Assert.Equal(new MeasurementRunResult(Yesterday, Benefits: 3, Created: 2, AlreadyMeasured: 0, WithoutValue: 1), first);
        var shareMeasurement = Assert.Single((await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{share.Id}/measurements")).Items);
        Assert.Equal((Yesterday, 0.6m, MeasurementSource.Automatic), (shareMeasurement.Date, shareMeasurement.Value, shareMeasurement.Source));
        Assert.Contains("2026-08-31–2026-09-06", shareMeasurement.Note, StringComparison.Ordinal);
        var legacyMeasurement = Assert.Single((await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{legacy.Id}/measurements")).Items);
        Assert.Equal((Yesterday, 2m), (legacyMeasurement.Date, legacyMeasurement.Value));
        foreach (var without in new[] { noData.Id, manual.Id, closed.Id })
        {
            Assert.Equal(0, (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{without}/measurements")).TotalCount);
        }

        // Again on demand, and the nightly job itself: nothing new.
        var again = await (await plan.Admin.PostAsync("/api/v1/admin/benefits/measure", null, Ct)).ReadAsync<MeasurementRunResult>();
        Assert.Equal(new MeasurementRunResult(Yesterday, 3, Created: 0, AlreadyMeasured: 2, WithoutValue: 1), again);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BenefitMeasurementJob>().RunAsync(Ct);
        }

        Assert.Equal(1, (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{share.Id}/measurements")).TotalCount);
        Assert.Equal(1, (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{legacy.Id}/measurements")).TotalCount);

        // Measuring up to an earlier day gives the periods ending then: Thursday 3 September had one legacy contact, and the last
        // whole week before it (24–30 August) one phone call and no digital notice at the school, a digital share of 0.
        var thursday = await (await plan.Admin.PostAsync("/api/v1/admin/benefits/measure?date=2026-09-03", null, Ct)).ReadAsync<MeasurementRunResult>();
        Assert.Equal(2, thursday.Created);
        Assert.Equal([(Yesterday, 0.6m), (new DateOnly(2026, 8, 30), 0m)],
            (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{share.Id}/measurements")).Items.Select(m => (m.Date, m.Value)));
        var values = (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{legacy.Id}/measurements")).Items.Select(m => (m.Date, m.Value));
        Assert.Equal([(Yesterday, 2m), (new DateOnly(2026, 9, 3), 1m)], values);

        // Today is not over: 400 naming the date.
        await (await plan.Admin.PostAsync("/api/v1/admin/benefits/measure?date=2026-09-07", null, Ct)).ValidationProblemAsync("date");
    }
}
