using System.Net;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Web;
using static Meldebok.Server.Tests.Benefits.BenefitArrange;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>
/// The portfolio board (assigned by an administrator, derived from the roster on every request) reads the whole municipality's
/// plans, usage statistics and exports and writes nothing; a benefit's owner (a staff member named in the current revision)
/// reads the plans and records measurements and extractions for their own benefits only.
/// </summary>
public sealed class BenefitRoleTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Board = "/api/v1/admin/portfolio-board-members";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MeasurementRequest Measurement(decimal value) => new() { Date = new DateOnly(2026, 9, 1), Value = value, Note = "Telling på kontoret" };

    private static ExtractionRequest Extraction(decimal amount) => new() { PeriodFrom = new DateOnly(2026, 1, 1), PeriodTo = new DateOnly(2026, 6, 30), AmountNok = amount };

    [Fact]
    public async Task An_administrator_assigns_the_portfolio_board_role_and_the_member_reads_everything_and_writes_nothing()
    {
        var world = await app.ArrangeWorldAsync();
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var benefit = await plan.Admin.CreateBenefitAsync(
            Manual(plan.ProjectId, "Færre SMS til private telefoner", BenefitType.NonPriced, "SMS/uke", 60, "2026-08-01", null, ("2027-06-30", 5)));
        var feideId = $"styre-{Guid.NewGuid():N}@testvik.kommune.no";
        var accountId = await app.CreateAccountAsync("Liv Strand", feideId: feideId);
        var member = app.ClientFor(TestUser.Account(accountId));
        // Before the role is assigned the account has no role at all.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard", Ct)).StatusCode);

        var assigned = await (await world.Admin.Client.PostJsonAsync(Board, new AdministratorRequest("Liv", "Strand", "liv.strand@testvik.kommune.no", feideId)))
            .ReadAsync<PortfolioBoardMemberResponse>(HttpStatusCode.Created);
        Assert.True(assigned.IsActive);
        Assert.Equal([assigned.Id], (await world.Admin.Client.GetJsonAsync<Paged<PortfolioBoardMemberResponse>>($"{Board}?search=strand")).Items.Select(m => m.Id));
        // One member per e-mail address in the municipality.
        await (await world.Admin.Client.PostJsonAsync(Board, new AdministratorRequest("Liv", "Strand", "LIV.strand@testvik.kommune.no", null)))
            .ProblemAsync(HttpStatusCode.Conflict);

        // Reads: the dashboard with the benefit, its exports, the benefit itself, and the whole municipality's usage statistics.
        var dashboard = await member.GetJsonAsync<PortfolioDashboard>($"{Api}/portfolios/{plan.PortfolioId}/dashboard");
        Assert.Equal([benefit.Id], dashboard.Projects.SelectMany(p => p.Benefits).Select(b => b.BenefitId));
        var csv = await member.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard.csv", Ct);
        await csv.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Contains("Færre SMS til private telefoner", await csv.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await (await member.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard.xlsx", Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(benefit.Id, (await member.GetJsonAsync<BenefitResponse>($"{Api}/{benefit.Id}")).Id);
        var metric = await member.GetJsonAsync<UsageMetricResponse>("/api/v1/usage/metrics/legacy-contacts?interval=week");
        Assert.Null(metric.SchoolId);
        Assert.Equal(world.Admin.MunicipalityId, metric.MunicipalityId);
        await (await member.GetAsync($"/api/v1/usage/metrics/active-guardians?schoolId={world.SchoolId}", Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        var adoption = await member.GetJsonAsync<UsageAdoptionResponse>("/api/v1/usage/adoption");
        Assert.Equal([world.SchoolId], adoption.Schools.Select(s => s.SchoolId));

        // Writes: none, whatever the kind.
        foreach (var (path, body) in new (string, object)[]
        {
            ($"{Api}/{benefit.Id}/measurements", Measurement(20)),
            ($"{Api}/{benefit.Id}/extractions", Extraction(1000)),
            ($"{Api}/{benefit.Id}/revisions", Revise(benefit.Current, "Styret vil endre") with { BaselineValue = 70 }),
            ($"{Api}/{benefit.Id}/close", new BenefitCloseRequest { Reason = "Ferdig" }),
            ($"{Api}/portfolios", new PortfolioRequest { Name = "Styrets egen" }),
        })
        {
            await (await member.PostJsonAsync(path, body)).ProblemAsync(HttpStatusCode.Forbidden);
        }

        await (await member.PostAsync("/api/v1/admin/benefits/measure", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostAsync($"/api/v1/admin/usage/aggregate", null, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{benefit.Id}/measurements")).TotalCount);

        // The role taken away applies at the member's next request.
        await (await world.Admin.Client.PostAsync($"{Board}/{assigned.Id}/deactivate", null, Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/v1/usage/adoption", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_portfolio_board_of_another_municipality_does_not_find_this_one_s_plans()
    {
        var plan = await app.ArrangePlanAsync();
        var other = await app.AdminOfNewMunicipalityAsync("Nabovik kommune");
        var feideId = $"styre-{Guid.NewGuid():N}@nabovik.kommune.no";
        await (await other.Client.PostJsonAsync(Board, new AdministratorRequest("Ola", "Nabo", $"{Guid.NewGuid():N}@nabovik.kommune.no", feideId)))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        var member = app.ClientFor(TestUser.Account(await app.CreateAccountAsync("Ola Nabo", feideId: feideId)));

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard", Ct)).StatusCode);
        Assert.Equal(0, (await member.GetJsonAsync<Paged<PortfolioResponse>>($"{Api}/portfolios")).TotalCount);
        // Nor may this municipality's administrator see or change the other's board.
        var theirs = (await other.Client.GetJsonAsync<Paged<PortfolioBoardMemberResponse>>(Board)).Items.Single();
        Assert.Equal(HttpStatusCode.NotFound, (await plan.Admin.GetAsync($"{Board}/{theirs.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await plan.Admin.PostAsync($"{Board}/{theirs.Id}/deactivate", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_benefit_owner_records_measurements_and_extractions_for_their_own_benefit_but_not_for_another()
    {
        var world = await app.ArrangeWorldAsync();
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var (owner, _, ownerStaffId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Teacher, world.ClassA);
        // A teacher who owns nothing has no business with the plans.
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync($"{Api}/portfolios", Ct)).StatusCode);

        var own = await plan.Admin.CreateBenefitAsync(
            Manual(plan.ProjectId, "Mindre tid på fravær", BenefitType.RedeployedCapacity, "timer/uke", 40, "2026-08-01", 450, ("2027-06-30", 10))
                with { OwnerStaffId = ownerStaffId, Owner = "Avdelingsleder" });
        var others = await plan.Admin.CreateBenefitAsync(
            Manual(plan.ProjectId, "Færre lapper", BenefitType.NonPriced, "lapper/uke", 30, "2026-08-01", null, ("2027-06-30", 3)));
        Assert.Equal(ownerStaffId, own.Current.OwnerStaffId);

        // The owner reads the municipality's plans, records for their own benefit…
        Assert.Equal(2, (await owner.GetJsonAsync<Paged<BenefitResponse>>(Api)).TotalCount);
        var measured = await (await owner.PostJsonAsync($"{Api}/{own.Id}/measurements", Measurement(25))).ReadAsync<MeasurementResponse>(HttpStatusCode.Created);
        Assert.Equal((25m, MeasurementSource.Manual), (measured.Value, measured.Source));
        var extracted = await (await owner.PostJsonAsync($"{Api}/{own.Id}/extractions", Extraction(120_000))).ReadAsync<ExtractionResponse>(HttpStatusCode.Created);
        Assert.Equal(120_000m, extracted.AmountNok);
        // …the service's rules apply to them as to an administrator…
        await (await owner.PostJsonAsync($"{Api}/{own.Id}/measurements", Measurement(20) with { Date = new DateOnly(2030, 1, 1) })).ValidationProblemAsync("date");
        // …but another's benefit and the plan itself are not theirs to change.
        await (await owner.PostJsonAsync($"{Api}/{others.Id}/measurements", Measurement(20))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.PostJsonAsync($"{Api}/{others.Id}/extractions", Extraction(1))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.PostJsonAsync($"{Api}/{own.Id}/revisions", Revise(own.Current, "Eieren vil endre") with { BaselineValue = 50 }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.PostJsonAsync($"{Api}/{own.Id}/close", new BenefitCloseRequest { Reason = "Ferdig" })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await plan.Admin.GetJsonAsync<Paged<MeasurementResponse>>($"{Api}/{others.Id}/measurements")).TotalCount);
        // A benefit of another municipality does not exist for them.
        var elsewhere = await app.ArrangePlanAsync();
        var theirs = await elsewhere.Admin.CreateBenefitAsync(
            Manual(elsewhere.ProjectId, "Annen kommune", BenefitType.NonPriced, "timer/uke", 10, "2026-08-01", null, ("2027-06-30", 5)));
        await (await owner.PostJsonAsync($"{Api}/{theirs.Id}/measurements", Measurement(2))).ProblemAsync(HttpStatusCode.NotFound);

        // Ownership is revisioned: when the plan names someone else, the former owner records nothing more.
        var handedOver = Revise(own.Current, "Ny gevinsteier") with { OwnerStaffId = null, Owner = "Kommunalsjef oppvekst" };
        await (await plan.Admin.PostJsonAsync($"{Api}/{own.Id}/revisions", handedOver)).ShouldHaveStatusAsync(HttpStatusCode.Created);
        var comparison = await plan.Admin.GetJsonAsync<RevisionComparison>($"{Api}/{own.Id}/revisions/compare");
        Assert.Equal(new RevisionFieldChange("ownerStaffId", ownerStaffId.ToString(), null, true), comparison.Fields.Single(f => f.Field == "ownerStaffId"));
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostJsonAsync($"{Api}/{own.Id}/measurements", Measurement(20))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(Api, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_owner_must_be_an_active_staff_member_of_the_municipality()
    {
        var plan = await app.ArrangePlanAsync();
        var other = await app.ArrangeWorldAsync("Nabovik kommune");
        var (_, _, foreignStaff) = await app.StaffClientAsync(other.Admin, other.SchoolId, StaffRole.Principal);
        var request = Manual(plan.ProjectId, "Mindre tid", BenefitType.NonPriced, "timer/uke", 40, "2026-08-01", null, ("2027-06-30", 10));

        await (await plan.Admin.PostJsonAsync(Api, request with { OwnerStaffId = Guid.NewGuid() })).ValidationProblemAsync("ownerStaffId");
        await (await plan.Admin.PostJsonAsync(Api, request with { OwnerStaffId = foreignStaff })).ValidationProblemAsync("ownerStaffId");
    }

    [Fact]
    public async Task The_menu_offers_benefits_to_an_owner_and_benefits_and_usage_to_the_portfolio_board()
    {
        var world = await app.ArrangeWorldAsync();
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var (_, ownerAccount, ownerStaffId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Teacher, world.ClassA);
        await plan.Admin.CreateBenefitAsync(
            Manual(plan.ProjectId, "Mindre tid på fravær", BenefitType.NonPriced, "timer/uke", 40, "2026-08-01", null, ("2027-06-30", 10)) with { OwnerStaffId = ownerStaffId });
        var feideId = $"styre-{Guid.NewGuid():N}@testvik.kommune.no";
        await (await world.Admin.Client.PostJsonAsync(Board, new AdministratorRequest("Liv", "Strand", $"{Guid.NewGuid():N}@testvik.kommune.no", feideId)))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        var boardAccount = await app.CreateAccountAsync("Liv Strand", feideId: feideId);

        var ownerPages = app.BrowserLikeClient(TestUser.Account(ownerAccount));
        var (_, ownerHome) = await ownerPages.GetPageAsync("/");
        Assert.Contains(">Gevinster<", ownerHome, StringComparison.Ordinal);
        Assert.DoesNotContain(">Bruksstatistikk<", ownerHome, StringComparison.Ordinal);
        var (ownerStatus, ownerDashboard) = await ownerPages.GetPageAsync("/ansatt/gevinster");
        Assert.Equal(200, ownerStatus);
        Assert.Contains("Mindre tid på fravær", ownerDashboard, StringComparison.Ordinal);

        var boardPages = app.BrowserLikeClient(TestUser.Account(boardAccount));
        var (_, boardHome) = await boardPages.GetPageAsync("/");
        Assert.Contains(">Gevinster<", boardHome, StringComparison.Ordinal);
        Assert.Contains(">Bruksstatistikk<", boardHome, StringComparison.Ordinal);
        Assert.DoesNotContain(">API-dokumentasjon<", boardHome, StringComparison.Ordinal);
        foreach (var path in new[] { "/ansatt/gevinster", "/ansatt/bruksstatistikk" })
        {
            var (status, html) = await boardPages.GetPageAsync(path);
            Assert.Equal(200, status);
            Assert.DoesNotContain("ser gevinstplanene.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("ser bruksstatistikken.", html, StringComparison.Ordinal);
        }
    }
}
