using System.Net;
using System.Text;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Web;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Tests.Benefits.BenefitArrange;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>
/// The dashboard on constructed numbers. Every benefit runs from its baseline on 1 January 2026 to its target on 11 April 2026
/// (100 days); the dashboard is taken on 2 March 2026, day 60, so the target now is the baseline plus 60 % of the way.
/// </summary>
public sealed class BenefitStatusTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Start = "2026-01-01";
    private const string End = "2026-04-11";

    private sealed record Arranged(BenefitPlan Plan, Guid Hours, Guid Share, Guid Budget, Guid Unmeasured);

    private async Task<Arranged> ArrangeAsync()
    {
        var plan = await app.ArrangePlanAsync();
        // Staff hours on absence handling, to fall from 100 to 50 a week at 500 NOK an hour: target now 70, amber band 5.
        var hours = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Mindre tid på fravær", BenefitType.RedeployedCapacity, "timer/uke", 100, Start, 500, (End, 50)));
        await plan.Admin.MeasureAsync(hours.Id, "2026-02-01", 90);
        await plan.Admin.MeasureAsync(hours.Id, "2026-03-01", 73);
        await plan.Admin.MeasureAsync(hours.Id, "2026-03-05", 40);
        await (await plan.Admin.PostJsonAsync($"{Api}/{hours.Id}/extractions", new ExtractionRequest
            {
                PeriodFrom = new DateOnly(2026, 1, 1), PeriodTo = new DateOnly(2026, 2, 28), AmountNok = 5000, Note = "Budsjettjustering",
            }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        // A share to rise from 0.2 to 0.7: target now 0.5, met exactly.
        var share = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Fornøyde foresatte", BenefitType.NonPriced, "andel", 0.2m, Start, null, (End, 0.7m)));
        await plan.Admin.MeasureAsync(share.Id, "2026-03-02", 0.5m);
        // A count to rise from 0 to 1000 at 10 NOK each: target now 600, amber band 100; 499 is 101 short.
        var budget = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Sparte lisenser", BenefitType.BudgetEffect, "lisenser", 0, Start, 10, (End, 1000)));
        await plan.Admin.MeasureAsync(budget.Id, "2026-02-20", 499);
        var unmeasured = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Raskere informasjon", BenefitType.NonPriced, "timer", 24, Start, null, (End, 2)));
        return new Arranged(plan, hours.Id, share.Id, budget.Id, unmeasured.Id);
    }

    [Fact]
    public async Task The_dashboard_gives_exact_RAG_target_now_realised_and_extracted_NOK()
    {
        var (plan, hours, share, budget, unmeasured) = await ArrangeAsync();

        var dashboard = await plan.Admin.GetJsonAsync<PortfolioDashboard>($"{Api}/portfolios/{plan.PortfolioId}/dashboard?date=2026-03-02");

        var project = Assert.Single(dashboard.Projects);
        Assert.Equal(("Meldebok", "Periodemål 4 for oppvekst og utdanning"), (project.Name, project.Goal));
        var rows = project.Benefits.ToDictionary(b => b.BenefitId);
        // 73 is 3 above the target of 70 on a falling plan: short by 3, within 10 % of 50. Realised (100 − 73) × 500; 5000 taken out.
        Assert.Equal((BenefitRag.Amber, 73m, new DateOnly(2026, 3, 1), 70m, 13_500m, 5000m, 8500m),
            (rows[hours].Rag, rows[hours].Actual, rows[hours].ActualDate, rows[hours].TargetNow, rows[hours].RealisedNok, rows[hours].ExtractedNok, rows[hours].GapNok));
        Assert.Equal((BenefitRag.Green, 0.5m, 0.5m, (decimal?)null), (rows[share].Rag, rows[share].Actual, rows[share].TargetNow, rows[share].RealisedNok));
        Assert.Equal((BenefitRag.Red, 499m, 600m, 4990m, 0m, 4990m),
            (rows[budget].Rag, rows[budget].Actual, rows[budget].TargetNow, rows[budget].RealisedNok, rows[budget].ExtractedNok, rows[budget].GapNok));
        Assert.Equal((BenefitRag.Grey, (decimal?)null, 10.8m), (rows[unmeasured].Rag, rows[unmeasured].Actual, rows[unmeasured].TargetNow));
        Assert.Equal((18_490m, 5000m), (project.RealisedNok, project.ExtractedNok));
        Assert.Equal((18_490m, 5000m), (dashboard.RealisedNok, dashboard.ExtractedNok));

        // On 5 March the later measurement (40, beyond the target of 100 − 50 × 63/100 = 68.5) counts: green.
        var later = await plan.Admin.GetJsonAsync<PortfolioDashboard>($"{Api}/portfolios/{plan.PortfolioId}/dashboard?date=2026-03-05");
        var row = later.Projects[0].Benefits.Single(b => b.BenefitId == hours);
        Assert.Equal((BenefitRag.Green, 40m, 68.5m, 30_000m), (row.Rag, row.Actual, row.TargetNow, row.RealisedNok));
    }

    [Fact]
    public async Task A_revised_target_curve_changes_the_status_from_the_new_revision_on()
    {
        var (plan, _, _, budget, _) = await ArrangeAsync();
        var current = (await plan.Admin.GetJsonAsync<BenefitResponse>($"{Api}/{budget}")).Current;
        // Lower ambitions: 0 → 800, so the target now is 480 and 499 is beyond it.
        await (await plan.Admin.PostJsonAsync($"{Api}/{budget}/revisions", Revise(current, "Færre lisenser enn antatt") with
            {
                Targets = [new TargetPointRequest { Date = new DateOnly(2026, 4, 11), Value = 800 }],
            }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);

        var dashboard = await plan.Admin.GetJsonAsync<PortfolioDashboard>($"{Api}/portfolios/{plan.PortfolioId}/dashboard?date=2026-03-02");

        var row = dashboard.Projects[0].Benefits.Single(b => b.BenefitId == budget);
        Assert.Equal((BenefitRag.Green, 480m, 800m), (row.Rag, row.TargetNow, row.FinalTarget));
    }

    [Fact]
    public async Task The_CSV_export_is_UTF8_with_BOM_semicolon_separated_and_parses_back_to_the_dashboard()
    {
        var (plan, _, _, _, _) = await ArrangeAsync();

        using var response = await plan.Admin.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard.csv?date=2026-03-02", Ct);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("gevinster-2026-03-02.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        Assert.Equal(16, header.Length);
        Assert.Equal(["Prosjekt", "Mål", "Gevinst", "Type", "Gevinsteier", "Enhet", "Status", "RAG", "Faktisk", "Målt dato", "Mål nå", "Nullpunkt", "Sluttmål",
            "Realisert (NOK)", "Uttatt (NOK)", "Ikke uttatt (NOK)"], header);
        var rows = lines[1..].Select(line => header.Zip(line.Split(';'), (h, v) => (h, v: v.Trim('"'))).ToDictionary(x => x.h, x => x.v))
            .ToDictionary(r => r["Gevinst"]);
        Assert.Equal(4, rows.Count);
        var hours = rows["Mindre tid på fravær"];
        Assert.Equal(("Meldebok", "RedeployedCapacity", "Amber", "73", "2026-03-01", "70", "13500", "5000", "8500"),
            (hours["Prosjekt"], hours["Type"], hours["RAG"], hours["Faktisk"], hours["Målt dato"], hours["Mål nå"], hours["Realisert (NOK)"], hours["Uttatt (NOK)"], hours["Ikke uttatt (NOK)"]));
        Assert.Equal(("Green", "0,5", "0,2", "0,7", ""), (rows["Fornøyde foresatte"]["RAG"], rows["Fornøyde foresatte"]["Faktisk"],
            rows["Fornøyde foresatte"]["Nullpunkt"], rows["Fornøyde foresatte"]["Sluttmål"], rows["Fornøyde foresatte"]["Realisert (NOK)"]));
        Assert.Equal(("Grey", "", "10,8"), (rows["Raskere informasjon"]["RAG"], rows["Raskere informasjon"]["Faktisk"], rows["Raskere informasjon"]["Mål nå"]));
    }

    [Fact]
    public async Task A_principal_reads_the_dashboard_but_may_not_change_the_plan_and_other_staff_may_not_read_it()
    {
        var world = await app.ArrangeWorldAsync();
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var (principal, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var (office, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        var other = await app.ArrangePlanAsync();

        var dashboard = await principal.GetJsonAsync<PortfolioDashboard>($"{Api}/portfolios/{plan.PortfolioId}/dashboard");

        Assert.Equal(plan.PortfolioId, dashboard.PortfolioId);
        await (await principal.PostJsonAsync($"{Api}/portfolios", new PortfolioRequest { Name = "Rektors portefølje" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await office.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await principal.GetAsync($"{Api}/portfolios/{other.PortfolioId}/dashboard", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await plan.Admin.GetAsync($"{Api}/portfolios/{other.PortfolioId}/dashboard", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_benefits_page_shows_a_principal_the_status_in_words_beside_its_colour_and_other_staff_that_it_is_for_leaders()
    {
        var world = await app.ArrangeWorldAsync();
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var benefit = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Mindre tid på fravær", BenefitType.RedeployedCapacity, "timer/uke", 100, "2026-08-01", 500, ("2027-08-01", 50)));
        await plan.Admin.MeasureAsync(benefit.Id, "2026-09-01", 100);
        var (_, principalAccount, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var (_, officeAccount, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);

        var (status, html) = await app.BrowserLikeClient(TestUser.Account(principalAccount)).GetPageAsync(Features.Benefits.Pages.BenefitsPage.Path);

        Assert.Equal(200, status);
        Assert.Contains("<h1>Gevinstrealisering</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Mål: Periodemål 4 for oppvekst og utdanning", html, StringComparison.Ordinal);
        // On 7 September (day 37 of 365) the target is 100 − 50 × 37/365 ≈ 94.9 hours; 100 is 5.1 short, more than 10 % of the
        // 50-hour distance: red, said in words.
        Assert.Contains("<span class=\"rag rag-red\">Rød: bak planen</span>", html, StringComparison.Ordinal);
        Assert.Matches("<th scope=\"row\"><a href=\"/ansatt/gevinster/[0-9a-f-]{36}\">Mindre tid på fravær</a></th>", html);

        var (officeStatus, officeHtml) = await app.BrowserLikeClient(TestUser.Account(officeAccount)).GetPageAsync(Features.Benefits.Pages.BenefitsPage.Path);
        Assert.Equal(200, officeStatus);
        Assert.Contains("Bare gevinsteiere, rektorer, porteføljestyret og kommunens administratorer ser gevinstplanene.", officeHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", officeHtml, StringComparison.Ordinal);
    }
}
