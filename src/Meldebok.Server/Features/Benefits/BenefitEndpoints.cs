using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Benefits;

/// <summary>Benefit plans (gevinstrealisering): administrators manage their municipality's plans, principals read them.</summary>
internal static class BenefitEndpoints
{
    private const string Svg = "image/svg+xml";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void AddBenefits(this IServiceCollection services)
    {
        services.AddScoped<BenefitService>();
        services.AddScoped<BenefitDashboardService>();
        services.AddScoped<BenefitChartService>();
        services.AddScoped<BenefitMapService>();
        services.AddScoped<BenefitMeasurementRun>();
        services.AddScoped<BenefitMeasurementJob>();
    }

    public static void MapBenefits(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/benefits").WithTags("Benefit plans").RequireAuthorization(Policies.BenefitReader);
        MapPortfolios(read);
        MapProjects(read);
        MapBenefitItems(read);
        MapMeasures(read);

        api.MapPost("/admin/benefits/measure", async Task<Ok<MeasurementRunResult>> (
                [AsParameters] MeasurementRunQuery query, ClaimsPrincipal user, BenefitMeasurementRun run, CancellationToken ct) =>
                TypedResults.Ok(await run.MeasureOnDemandAsync(user.MunicipalityId(), query, ct)))
            .WithTags("Benefit plans")
            .WithName("MeasureBenefits")
            .WithSummary("Runs the nightly automatic measurements now for the municipality: every open metric-bound benefit gets its metric's value for the last whole day, week or month up to date (default yesterday), once per date.")
            .RequireAuthorization(Policies.MunicipalityAdmin)
            .ProducesValidationProblem();
    }

    private static void MapPortfolios(RouteGroupBuilder read)
    {
        read.MapGet("/portfolios", async Task<Ok<Paged<PortfolioResponse>>> ([AsParameters] PageRequest page, BenefitService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListPortfoliosAsync(page, ct)))
            .WithName("ListBenefitPortfolios").WithSummary("The municipality's portfolios, by name, paged.");

        read.MapGet("/portfolios/{id:guid}", async Task<Results<Ok<PortfolioResponse>, NotFound>> (Guid id, BenefitService service, CancellationToken ct) =>
                await service.GetPortfolioAsync(id, ct) is { } portfolio ? TypedResults.Ok(portfolio) : TypedResults.NotFound())
            .WithName("GetBenefitPortfolio").WithSummary("One portfolio.");

        read.MapPost("/portfolios", async Task<Created<PortfolioResponse>> (PortfolioRequest request, BenefitService service, CancellationToken ct) =>
            {
                var portfolio = await service.CreatePortfolioAsync(request, ct);
                return TypedResults.Created($"/api/v1/benefits/portfolios/{portfolio.Id}", portfolio);
            })
            .WithName("CreateBenefitPortfolio").WithSummary("Create a portfolio (a name unique in the municipality: 409 otherwise).")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        read.MapPut("/portfolios/{id:guid}", async Task<Results<Ok<PortfolioResponse>, NotFound>> (Guid id, PortfolioRequest request, BenefitService service, CancellationToken ct) =>
                await service.UpdatePortfolioAsync(id, request, ct) is { } portfolio ? TypedResults.Ok(portfolio) : TypedResults.NotFound())
            .WithName("UpdateBenefitPortfolio").WithSummary("Rename a portfolio.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        read.MapGet("/portfolios/{id:guid}/dashboard", async Task<Results<Ok<PortfolioDashboard>, NotFound>> (
                Guid id, [AsParameters] DashboardQuery query, BenefitDashboardService service, CancellationToken ct) =>
                await service.DashboardAsync(id, query, ct) is { } dashboard ? TypedResults.Ok(dashboard) : TypedResults.NotFound())
            .WithName("GetBenefitDashboard")
            .WithSummary("The portfolio per project and goal, per benefit: RAG (actual against the target curve), actual, target now, realised NOK and extracted NOK, on date (default today).");

        read.MapGet("/portfolios/{id:guid}/dashboard.csv", async Task<Results<FileContentHttpResult, NotFound>> (
                Guid id, [AsParameters] DashboardQuery query, BenefitDashboardService service, CancellationToken ct) =>
                await service.ExportCsvAsync(id, query, ct) is { } export
                    ? TypedResults.File(export.Content, "text/csv; charset=utf-8", export.FileName)
                    : TypedResults.NotFound())
            .WithName("ExportBenefitDashboard")
            .WithSummary("The dashboard as CSV for management reporting: UTF-8 with BOM, semicolon-separated, one row per benefit, decimal commas.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        read.MapGet("/portfolios/{id:guid}/dashboard.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (
                Guid id, [AsParameters] DashboardQuery query, BenefitDashboardService service, CancellationToken ct) =>
                await service.ExportXlsxAsync(id, query, ct) is { } export
                    ? TypedResults.File(export.Content, Xlsx, export.FileName)
                    : TypedResults.NotFound())
            .WithName("ExportBenefitDashboardXlsx")
            .WithSummary("The dashboard as an Excel workbook (sheet \"Gevinster\"): the CSV's columns, numbers as numbers and dates as dates.")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx);

        read.MapGet("/portfolios/{id:guid}/map", async Task<Results<Ok<BenefitMap>, NotFound>> (
                Guid id, [AsParameters] DashboardQuery query, BenefitMapService service, CancellationToken ct) =>
                await service.MapAsync(id, query, ct) is { } map ? TypedResults.Ok(map) : TypedResults.NotFound())
            .WithName("GetBenefitMap")
            .WithSummary("The portfolio's benefit map: measures → benefits (with RAG on date, default today) → goals.");

        read.MapGet("/portfolios/{id:guid}/map.svg", async Task<Results<ContentHttpResult, NotFound>> (
                Guid id, [AsParameters] DashboardQuery query, BenefitMapService service, CancellationToken ct) =>
                await service.MapAsync(id, query, ct) is { } map ? TypedResults.Content(BenefitMapService.Svg(map), Svg) : TypedResults.NotFound())
            .WithName("GetBenefitMapSvg")
            .WithSummary("The benefit map drawn as an SVG diagram with a title and a description in words.")
            .Produces(StatusCodes.Status200OK, contentType: Svg);
    }

    private static void MapProjects(RouteGroupBuilder read)
    {
        read.MapGet("/projects", async Task<Ok<Paged<ProjectResponse>>> (
                [AsParameters] BenefitListFilter filter, [AsParameters] PageRequest page, BenefitService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListProjectsAsync(filter, page, ct)))
            .WithName("ListBenefitProjects").WithSummary("Projects, optionally of one portfolio (portfolioId), by name, paged.");

        read.MapGet("/projects/{id:guid}", async Task<Results<Ok<ProjectResponse>, NotFound>> (Guid id, BenefitService service, CancellationToken ct) =>
                await service.GetProjectAsync(id, ct) is { } project ? TypedResults.Ok(project) : TypedResults.NotFound())
            .WithName("GetBenefitProject").WithSummary("One project with its goal.");

        read.MapPost("/projects", async Task<Created<ProjectResponse>> (ProjectRequest request, BenefitService service, CancellationToken ct) =>
            {
                var project = await service.CreateProjectAsync(request, ct);
                return TypedResults.Created($"/api/v1/benefits/projects/{project.Id}", project);
            })
            .WithName("CreateBenefitProject").WithSummary("Create a project in a portfolio, linked to a goal (e.g. \"Periodemål 4 for oppvekst og utdanning\").")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem();

        read.MapPut("/projects/{id:guid}", async Task<Results<Ok<ProjectResponse>, NotFound>> (Guid id, ProjectRequest request, BenefitService service, CancellationToken ct) =>
                await service.UpdateProjectAsync(id, request, ct) is { } project ? TypedResults.Ok(project) : TypedResults.NotFound())
            .WithName("UpdateBenefitProject").WithSummary("Change a project's name, goal or portfolio.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem();
    }

    private static void MapBenefitItems(RouteGroupBuilder read)
    {
        read.MapGet("/", async Task<Ok<Paged<BenefitResponse>>> (
                [AsParameters] BenefitListFilter filter, [AsParameters] PageRequest page, BenefitService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListBenefitsAsync(filter, page, ct)))
            .WithName("ListBenefits").WithSummary("Benefits with their current revision, optionally of one project (projectId) or portfolio (portfolioId), paged.");

        read.MapGet("/{id:guid}", async Task<Results<Ok<BenefitResponse>, NotFound>> (Guid id, BenefitService service, CancellationToken ct) =>
                await service.GetBenefitAsync(id, ct) is { } benefit ? TypedResults.Ok(benefit) : TypedResults.NotFound())
            .WithName("GetBenefit").WithSummary("One benefit with its current revision (owner, indicator, unit, baseline, target curve).");

        read.MapPost("/", async Task<Created<BenefitResponse>> (BenefitCreateRequest request, BenefitService service, CancellationToken ct) =>
            {
                var benefit = await service.CreateBenefitAsync(request, ct);
                return TypedResults.Created($"/api/v1/benefits/{benefit.Id}", benefit);
            })
            .WithName("CreateBenefit")
            .WithSummary("Create a benefit with its first revision. Bad input answers 400 naming the field: targets without dates, an unknown metric, a unit that does not fit the metric, out-of-range values.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem();

        read.MapPut("/{id:guid}", async Task<Results<Ok<BenefitResponse>, NotFound>> (Guid id, BenefitUpdateRequest request, BenefitService service, CancellationToken ct) =>
                await service.UpdateBenefitAsync(id, request, ct) is { } benefit ? TypedResults.Ok(benefit) : TypedResults.NotFound())
            .WithName("UpdateBenefit").WithSummary("Change the fields that are not revisioned: description, type, value per unit, realisation period.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem();

        read.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, BenefitService service, CancellationToken ct) =>
                await service.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("DeleteBenefit").WithSummary("Delete a benefit that was never measured; one with measurements or extractions answers 409 (close it instead).")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesProblem(StatusCodes.Status409Conflict);

        read.MapPost("/{id:guid}/close", async Task<Results<Ok<BenefitResponse>, NotFound>> (Guid id, BenefitCloseRequest request, BenefitService service, CancellationToken ct) =>
                await service.CloseAsync(id, request, ct) is { } benefit ? TypedResults.Ok(benefit) : TypedResults.NotFound())
            .WithName("CloseBenefit").WithSummary("Close a benefit with a reason; it keeps its history and measurements. Closed already: 409.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        read.MapGet("/{id:guid}/chart", async Task<Results<Ok<BenefitChart>, NotFound>> (Guid id, BenefitChartService charts, CancellationToken ct) =>
                await charts.ChartAsync(id, ct) is { } chart ? TypedResults.Ok(chart) : TypedResults.NotFound())
            .WithName("GetBenefitChart")
            .WithSummary("The planned-against-actual curve's data: the plan (baseline and the current revision's targets) and every measurement, with the chart said in words.");

        read.MapGet("/{id:guid}/chart.svg", async Task<Results<ContentHttpResult, NotFound>> (Guid id, BenefitChartService charts, CancellationToken ct) =>
                await charts.ChartAsync(id, ct) is { } chart ? TypedResults.Content(BenefitChartService.Svg(chart), Svg) : TypedResults.NotFound())
            .WithName("GetBenefitChartSvg")
            .WithSummary("The planned-against-actual curve rendered on the server as SVG (800 × 400), with a title and a description in words.")
            .Produces(StatusCodes.Status200OK, contentType: Svg);

        read.MapGet("/{id:guid}/chart.png", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, BenefitChartService charts, CancellationToken ct) =>
                await charts.ChartAsync(id, ct) is { } chart ? TypedResults.File(BenefitChartService.Png(chart), "image/png") : TypedResults.NotFound())
            .WithName("GetBenefitChartPng")
            .WithSummary("The planned-against-actual curve rendered on the server as PNG (800 × 400).")
            .Produces(StatusCodes.Status200OK, contentType: "image/png");

        read.MapGet("/{id:guid}/revisions", async Task<Results<Ok<Paged<BenefitRevisionResponse>>, NotFound>> (
                Guid id, [AsParameters] PageRequest page, BenefitService service, CancellationToken ct) =>
                await service.RevisionsAsync(id, page, ct) is { } revisions ? TypedResults.Ok(revisions) : TypedResults.NotFound())
            .WithName("ListBenefitRevisions").WithSummary("The benefit's history: every revision with reason, author and time, newest first, paged.");

        read.MapPost("/{id:guid}/revisions", async Task<Results<Created<BenefitResponse>, NotFound>> (
                Guid id, BenefitRevisionRequest request, BenefitService service, CancellationToken ct) =>
                await service.ReviseAsync(id, request, ct) is { } benefit
                    ? TypedResults.Created($"/api/v1/benefits/{id}/revisions", benefit)
                    : TypedResults.NotFound())
            .WithName("ReviseBenefit")
            .WithSummary("Change the owner, indicator, unit, baseline or target curve: a new revision with a required reason; nothing is overwritten. No change or a closed benefit: 409.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        read.MapGet("/{id:guid}/revisions/compare", async Task<Results<Ok<RevisionComparison>, NotFound>> (
                Guid id, [AsParameters] RevisionCompareQuery query, BenefitService service, CancellationToken ct) =>
                await service.CompareAsync(id, query, ct) is { } comparison ? TypedResults.Ok(comparison) : TypedResults.NotFound())
            .WithName("CompareBenefitRevisions").WithSummary("Two revisions (from, to) field by field: old value, new value, changed. Default: the current revision against the one before.")
            .ProducesValidationProblem();

        read.MapGet("/{id:guid}/measurements", async Task<Results<Ok<Paged<MeasurementResponse>>, NotFound>> (
                Guid id, [AsParameters] PageRequest page, BenefitService service, CancellationToken ct) =>
                await service.MeasurementsAsync(id, page, ct) is { } measurements ? TypedResults.Ok(measurements) : TypedResults.NotFound())
            .WithName("ListBenefitMeasurements").WithSummary("Measurements, automatic and manual, newest first, paged.");

        read.MapPost("/{id:guid}/measurements", async Task<Results<Created<MeasurementResponse>, NotFound>> (
                Guid id, MeasurementRequest request, BenefitService service, CancellationToken ct) =>
                await service.AddMeasurementAsync(id, request, ct) is { } measurement
                    ? TypedResults.Created($"/api/v1/benefits/{id}/measurements", measurement)
                    : TypedResults.NotFound())
            .WithName("AddBenefitMeasurement").WithSummary("A manual measurement (e.g. a parent survey's result), not after today, within the unit's range, by an administrator or the benefit's owner. Closed benefit: 409.")
            .RequireAuthorization(Policies.BenefitRecorder).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        read.MapGet("/{id:guid}/extractions", async Task<Results<Ok<Paged<ExtractionResponse>>, NotFound>> (
                Guid id, [AsParameters] PageRequest page, BenefitService service, CancellationToken ct) =>
                await service.ExtractionsAsync(id, page, ct) is { } extractions ? TypedResults.Ok(extractions) : TypedResults.NotFound())
            .WithName("ListBenefitExtractions").WithSummary("Budget taken out (gevinstuttak) per period, newest first, paged.");

        read.MapPost("/{id:guid}/extractions", async Task<Results<Created<ExtractionResponse>, NotFound>> (
                Guid id, ExtractionRequest request, BenefitService service, CancellationToken ct) =>
                await service.AddExtractionAsync(id, request, ct) is { } extraction
                    ? TypedResults.Created($"/api/v1/benefits/{id}/extractions", extraction)
                    : TypedResults.NotFound())
            .WithName("AddBenefitExtraction").WithSummary("Record NOK actually taken out of the budget for a period, by an administrator or the benefit's owner.")
            .RequireAuthorization(Policies.BenefitRecorder).ProducesValidationProblem();
    }

    private static void MapMeasures(RouteGroupBuilder read)
    {
        read.MapGet("/measures", async Task<Ok<Paged<MeasureResponse>>> (
                [AsParameters] BenefitListFilter filter, [AsParameters] PageRequest page, BenefitService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListMeasuresAsync(filter, page, ct)))
            .WithName("ListBenefitMeasures").WithSummary("Measures (tiltak), optionally of one benefit (benefitId), by due date, paged.");

        read.MapGet("/measures/{id:guid}", async Task<Results<Ok<MeasureResponse>, NotFound>> (Guid id, BenefitService service, CancellationToken ct) =>
                await service.GetMeasureAsync(id, ct) is { } measure ? TypedResults.Ok(measure) : TypedResults.NotFound())
            .WithName("GetBenefitMeasure").WithSummary("One measure with its benefits.");

        read.MapPost("/measures", async Task<Created<MeasureResponse>> (MeasureRequest request, BenefitService service, CancellationToken ct) =>
            {
                var measure = await service.CreateMeasureAsync(request, ct);
                return TypedResults.Created($"/api/v1/benefits/measures/{measure.Id}", measure);
            })
            .WithName("CreateBenefitMeasure").WithSummary("Create a measure linked to one or more benefits, with owner (possibly the supplier), due date and status.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem();

        read.MapPut("/measures/{id:guid}", async Task<Results<Ok<MeasureResponse>, NotFound>> (Guid id, MeasureRequest request, BenefitService service, CancellationToken ct) =>
                await service.UpdateMeasureAsync(id, request, ct) is { } measure ? TypedResults.Ok(measure) : TypedResults.NotFound())
            .WithName("UpdateBenefitMeasure").WithSummary("Change a measure: description, owner, due date, status, benefits.")
            .RequireAuthorization(Policies.MunicipalityAdmin).ProducesValidationProblem();
    }

    /// <summary>The web UI's download links for the benefits page, under the sign-in cookie (the API takes bearer tokens only).</summary>
    public const string DownloadCsvPath = "/ansatt/gevinster/eksport/{portfolioId:guid}.csv";
    public const string DownloadXlsxPath = "/ansatt/gevinster/eksport/{portfolioId:guid}.xlsx";
    public const string DownloadChartPath = "/ansatt/gevinster/kurve/{benefitId:guid}.png";
    public const string ChartImagePath = "/ansatt/gevinster/kurve/{benefitId:guid}.svg";

    public static string DownloadCsv(Guid portfolioId) => $"/ansatt/gevinster/eksport/{portfolioId}.csv";
    public static string DownloadXlsx(Guid portfolioId) => $"/ansatt/gevinster/eksport/{portfolioId}.xlsx";
    public static string DownloadChart(Guid benefitId) => $"/ansatt/gevinster/kurve/{benefitId}.png";
    public static string ChartImage(Guid benefitId) => $"/ansatt/gevinster/kurve/{benefitId}.svg";

    /// <summary>
    /// The benefits page's downloads (CSV, XLSX, a chart as PNG): the same services as the API under the sign-in cookie, for
    /// the same readers as the API (administrators, the portfolio board, principals and benefit owners). Not part of the API, so not in the OpenAPI document.
    /// </summary>
    public static void MapBenefitDownloads(this IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup("").ExcludeFromDescription()
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.BenefitPageReaders });
        downloads.MapGet(DownloadCsvPath, (Guid portfolioId, BenefitDashboardService service, CancellationToken ct) =>
            DownloadAsync(() => service.ExportCsvAsync(portfolioId, new DashboardQuery(), ct), "text/csv; charset=utf-8"));
        downloads.MapGet(DownloadXlsxPath, (Guid portfolioId, BenefitDashboardService service, CancellationToken ct) =>
            DownloadAsync(() => service.ExportXlsxAsync(portfolioId, new DashboardQuery(), ct), Xlsx));
        downloads.MapGet(DownloadChartPath, (Guid benefitId, BenefitChartService charts, CancellationToken ct) =>
            DownloadAsync(async () => await charts.ChartAsync(benefitId, ct) is { } chart
                ? new BenefitExport(BenefitChartService.Png(chart), $"gevinstkurve-{benefitId}.png")
                : null, "image/png"));
        downloads.MapGet(ChartImagePath, async Task<Results<ContentHttpResult, NotFound, ForbidHttpResult>> (Guid benefitId, BenefitChartService charts, CancellationToken ct) =>
        {
            try
            {
                return await charts.ChartAsync(benefitId, ct) is { } chart ? TypedResults.Content(BenefitChartService.Svg(chart), Svg) : TypedResults.NotFound();
            }
            catch (RoleDeniedException)
            {
                return TypedResults.Forbid();
            }
        });
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult>> DownloadAsync(Func<Task<BenefitExport?>> export, string contentType)
    {
        try
        {
            return await export() is { } file ? TypedResults.File(file.Content, contentType, file.FileName) : TypedResults.NotFound();
        }
        catch (RoleDeniedException)
        {
            return TypedResults.Forbid();
        }
    }
}
