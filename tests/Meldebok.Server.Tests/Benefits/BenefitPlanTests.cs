using System.Net;
using System.Text.Json.Nodes;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Tests.Benefits.BenefitArrange;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>Benefit plans: revisions instead of overwrites, history and comparison, close versus delete, and bad input named by field.</summary>
public sealed class BenefitPlanTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_change_to_the_plan_is_a_new_revision_with_reason_and_author_and_history_and_comparison_show_them()
    {
        var plan = await app.ArrangePlanAsync();
        var benefit = await plan.Admin.CreateBenefitAsync(
            Manual(plan.ProjectId, "Mindre tid på fraværshåndtering", BenefitType.RedeployedCapacity, "timer/uke", 40, "2026-08-01", 450, ("2027-06-30", 10)));
        Assert.Equal(1, benefit.Current.Number);
        Assert.Equal("Første versjon", benefit.Current.Reason);
        Assert.Equal(AuthorName, benefit.Current.AuthorName);

        var curve = Revise(benefit.Current, "Nytt nullpunkt etter telling i august") with
        {
            BaselineValue = 45, Targets = [new() { Date = new DateOnly(2027, 6, 30), Value = 15 }, new() { Date = new DateOnly(2027, 1, 1), Value = 30 }],
        };
        var second = await (await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", curve)).ReadAsync<BenefitResponse>(HttpStatusCode.Created);
        var owner = Revise(second.Current, "Ny organisering") with { Owner = "Rektor ved Lianvatnet skole" };
        var third = await (await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", owner)).ReadAsync<BenefitResponse>(HttpStatusCode.Created);

        // The current values are the latest revision's; the target points are kept in date order.
        var current = await plan.Admin.GetJsonAsync<BenefitResponse>($"{Api}/{benefit.Id}");
        Assert.Equal(3, current.Current.Number);
        Assert.Equal("Rektor ved Lianvatnet skole", current.Current.Owner);
        Assert.Equal(45m, current.Current.BaselineValue);
        Assert.Equal([new TargetPoint(new DateOnly(2027, 1, 1), 30), new TargetPoint(new DateOnly(2027, 6, 30), 15)], current.Current.Targets);
        Assert.Equal((third.Current.Number, third.Current.Reason), (current.Current.Number, current.Current.Reason));

        var history = await plan.Admin.GetJsonAsync<Paged<BenefitRevisionResponse>>($"{Api}/{benefit.Id}/revisions");
        Assert.Equal(3, history.TotalCount);
        Assert.Equal([3, 2, 1], history.Items.Select(r => r.Number));
        Assert.Equal(["Ny organisering", "Nytt nullpunkt etter telling i august", "Første versjon"], history.Items.Select(r => r.Reason));
        Assert.All(history.Items, r => Assert.Equal(AuthorName, r.AuthorName));
        // Revision 1 is untouched: nothing was overwritten.
        Assert.Equal(40m, history.Items[2].BaselineValue);
        Assert.Equal("Kommunalsjef oppvekst", history.Items[2].Owner);

        var comparison = await plan.Admin.GetJsonAsync<RevisionComparison>($"{Api}/{benefit.Id}/revisions/compare?from=1&to=3");
        var changed = comparison.Fields.Where(f => f.Changed).ToDictionary(f => f.Field);
        Assert.Equal(["baselineValue", "owner", "reason", "targets"], changed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("40", "45"), (changed["baselineValue"].Old, changed["baselineValue"].New));
        Assert.Equal(("Kommunalsjef oppvekst", "Rektor ved Lianvatnet skole"), (changed["owner"].Old, changed["owner"].New));
        Assert.Equal(("2027-06-30: 10", "2027-01-01: 30; 2027-06-30: 15"), (changed["targets"].Old, changed["targets"].New));
        Assert.Equal(new RevisionFieldChange("unit", "timer/uke", "timer/uke", false), comparison.Fields.Single(f => f.Field == "unit"));
        // Without numbers: the current revision against the one before it.
        var latest = await plan.Admin.GetJsonAsync<RevisionComparison>($"{Api}/{benefit.Id}/revisions/compare");
        Assert.Equal((2, 3), (latest.From.Number, latest.To.Number));
        Assert.Equal(["owner", "reason"], latest.Fields.Where(f => f.Changed).Select(f => f.Field));

        // A revision needs a reason, must change something, and must name revisions that exist.
        await (await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", owner with { Reason = null })).ValidationProblemAsync("reason");
        var same = await (await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", owner with { Reason = "Ingen endring" }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("endrer ingenting", same.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await plan.Admin.GetAsync($"{Api}/{benefit.Id}/revisions/compare?from=1&to=9", Ct)).ValidationProblemAsync("to");
        Assert.Equal(3, (await plan.Admin.GetJsonAsync<Paged<BenefitRevisionResponse>>($"{Api}/{benefit.Id}/revisions")).TotalCount);
    }

    [Fact]
    public async Task A_measured_benefit_is_closed_with_a_reason_and_never_deleted_and_an_unmeasured_one_may_be_deleted()
    {
        var plan = await app.ArrangePlanAsync();
        var measured = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Færre lapper via kontoret", BenefitType.NonPriced, "lapper/uke", 30, "2026-08-01", null, ("2027-06-30", 5)));
        var unmeasured = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Mindre papir", BenefitType.NonPriced, "ark/år", 1000, "2026-08-01", null, ("2027-06-30", 0)));
        var measure = await (await plan.Admin.PostJsonAsync($"{Api}/measures", new MeasureRequest
            {
                Description = "Fjerne papirmeldebok fra e-handel", Owner = "Innkjøp", DueDate = new DateOnly(2026, 12, 1), BenefitIds = [measured.Id, unmeasured.Id],
            }))
            .ReadAsync<MeasureResponse>(HttpStatusCode.Created);
        Assert.Equal(MeasureStatus.Planned, measure.Status);
        await plan.Admin.MeasureAsync(measured.Id, "2026-09-01", 22);

        var refused = await (await plan.Admin.DeleteAsync($"{Api}/{measured.Id}", Ct)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("målinger kan ikke slettes", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await plan.Admin.PostJsonAsync($"{Api}/{measured.Id}/close", new BenefitCloseRequest())).ValidationProblemAsync("reason");
        var closed = await (await plan.Admin.PostJsonAsync($"{Api}/{measured.Id}/close", new BenefitCloseRequest { Reason = "Lappene er borte." }))
            .ReadAsync<BenefitResponse>();
        Assert.Equal((BenefitStatus.Closed, "Lappene er borte."), (closed.Status, closed.ClosedReason));
        await (await plan.Admin.PostJsonAsync($"{Api}/{measured.Id}/close", new BenefitCloseRequest { Reason = "Igjen." })).ProblemAsync(HttpStatusCode.Conflict);
        await (await plan.Admin.PostJsonAsync($"{Api}/{measured.Id}/revisions", Revise(closed.Current, "Ny eier") with { Owner = "Rektor" }))
            .ProblemAsync(HttpStatusCode.Conflict);
        // Closed, it keeps its measurement and its history.
        Assert.Equal([22m], (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{measured.Id}/measurements")).Items.Select(m => m.Value));
        Assert.Equal(BenefitStatus.Closed, (await plan.Admin.GetJsonAsync<BenefitResponse>($"{Api}/{measured.Id}")).Status);

        await (await plan.Admin.DeleteAsync($"{Api}/{unmeasured.Id}", Ct)).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await plan.Admin.GetAsync($"{Api}/{unmeasured.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([measured.Id], (await plan.Admin.GetJsonAsync<MeasureResponse>($"{Api}/measures/{measure.Id}")).BenefitIds);
    }

    [Fact]
    public async Task Bad_input_answers_400_naming_the_field()
    {
        var plan = await app.ArrangePlanAsync();
        var valid = Manual(plan.ProjectId, "Digital andel", BenefitType.NonPriced, "share/week", 0.2m, "2026-08-01", null, ("2027-06-30", 0.9m)) with
        {
            Indicator = BenefitIndicatorKind.Metric, MetricId = "digital-share",
        };
        await plan.Admin.CreateBenefitAsync(valid);

        async Task RefusedAsync(object body, params string[] fields) => await (await plan.Admin.PostJsonAsync(Api, body)).ValidationProblemAsync(fields);

        await RefusedAsync(valid with { Targets = [new TargetPointRequest { Value = 0.5m }] }, "targets[0].date");
        await RefusedAsync(valid with { Targets = [new TargetPointRequest { Date = new DateOnly(2026, 7, 1), Value = 0.5m }] }, "targets[0].date");
        var unknown = await (await plan.Admin.PostJsonAsync(Api, valid with { MetricId = "lykke-indeks" })).ValidationProblemAsync("metricId");
        Assert.Contains("«lykke-indeks»", unknown.GetProperty("metricId")[0].GetString(), StringComparison.Ordinal);
        var unit = await (await plan.Admin.PostJsonAsync(Api, valid with { Unit = "NOK" })).ValidationProblemAsync("unit");
        Assert.Contains("share/week", unit.GetProperty("unit")[0].GetString(), StringComparison.Ordinal);
        await RefusedAsync(valid with { BaselineValue = 1.5m, Targets = [new TargetPointRequest { Date = new DateOnly(2027, 1, 1), Value = -0.1m }] }, "baselineValue", "targets[0].value");
        await RefusedAsync(valid with { MetricSchoolId = Guid.NewGuid() }, "metricSchoolId");
        await RefusedAsync(valid with { ValuePerUnitNok = 100 }, "valuePerUnitNok");
        await RefusedAsync(valid with { Type = BenefitType.BudgetEffect }, "valuePerUnitNok");
        await RefusedAsync(valid with { RealisationTo = new DateOnly(2026, 1, 1) }, "realisationTo");
        await RefusedAsync(valid with { ProjectId = Guid.NewGuid() }, "projectId");
        await RefusedAsync(valid with { Indicator = BenefitIndicatorKind.Manual }, "metricId");
        await RefusedAsync(valid with { Targets = [] }, "targets");
        var wrongType = new JsonObject { ["projectId"] = plan.ProjectId.ToString(), ["type"] = "Lykke" };
        await RefusedAsync(wrongType, "type");

        var created = await plan.Admin.CreateBenefitAsync(valid with { Description = "Digital andel, skole" });
        await (await plan.Admin.PostJsonAsync($"{Api}/{created.Id}/measurements", new MeasurementRequest { Date = new DateOnly(2026, 9, 1), Value = 2 }))
            .ValidationProblemAsync("value");
        await (await plan.Admin.PostJsonAsync($"{Api}/{created.Id}/measurements", new MeasurementRequest { Date = new DateOnly(2026, 9, 8), Value = 0.5m }))
            .ValidationProblemAsync("date");
        await (await plan.Admin.PostJsonAsync($"{Api}/{created.Id}/extractions", new ExtractionRequest
            {
                PeriodFrom = new DateOnly(2026, 9, 1), PeriodTo = new DateOnly(2026, 8, 1), AmountNok = -5,
            }))
            .ValidationProblemAsync("periodTo", "amountNok");
        await (await plan.Admin.PostJsonAsync($"{Api}/measures", new MeasureRequest
            {
                Description = "Tiltak", Owner = "Leverandør", DueDate = new DateOnly(2026, 12, 1), BenefitIds = [Guid.NewGuid()],
            }))
            .ValidationProblemAsync("benefitIds");
        await (await plan.Admin.PostJsonAsync($"{Api}/projects", new ProjectRequest { PortfolioId = Guid.NewGuid(), Name = "X", Goal = "Y" }))
            .ValidationProblemAsync("portfolioId");
    }
}
