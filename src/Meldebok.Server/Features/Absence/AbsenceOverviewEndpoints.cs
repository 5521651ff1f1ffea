using Meldebok.Server.Features.Absence.Pages;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Absence;

/// <summary>The staff's absence overview per group and per pupil, and the office's CSV export.</summary>
internal static class AbsenceOverviewEndpoints
{
    public static void AddAbsenceOverview(this IServiceCollection services) => services.AddScoped<AbsenceOverviewService>();

    public static void MapAbsenceOverview(this RouteGroupBuilder api)
    {
        var overview = api.MapGroup("/staff/absence-overview").WithTags("Absence overview").RequireAuthorization(Policies.Staff);

        overview.MapGet("/groups/{id:guid}", async Task<Results<Ok<GroupAbsenceOverview>, NotFound>> (
                Guid id, [AsParameters] AbsenceOverviewQuery query, AbsenceOverviewService service, CancellationToken ct) =>
                await service.GroupAsync(id, query, ct) is { } group ? TypedResults.Ok(group) : TypedResults.NotFound())
            .WithName("GetGroupAbsenceOverview")
            .WithSummary("Absence in a term per pupil of a school group, in days and hours, counting the school-side notices that stand (legacy-logged and approved leave included). Teachers their groups, office and principal the whole school.");

        overview.MapGet("/pupils/{id:guid}", async Task<Results<Ok<PupilAbsenceOverview>, NotFound>> (
                Guid id, [AsParameters] AbsenceOverviewQuery query, AbsenceOverviewService service, CancellationToken ct) =>
                await service.PupilAsync(id, query, ct) is { } pupil ? TypedResults.Ok(pupil) : TypedResults.NotFound())
            .WithName("GetPupilAbsenceOverview")
            .WithSummary("A pupil's absence in a term: totals and the notices counted. Reading the notices is audited as absence.read.");

        overview.MapGet("/schools/{id:guid}/export", async Task<Results<FileContentHttpResult, NotFound>> (
                Guid id, [AsParameters] AbsenceOverviewQuery query, AbsenceOverviewService service, CancellationToken ct) =>
                await service.ExportAsync(id, query, ct) is { } export
                    ? TypedResults.File(export.Content, "text/csv; charset=utf-8", export.FileName)
                    : TypedResults.NotFound())
            .WithName("ExportAbsenceOverview")
            .WithSummary("The school's absence in a term as CSV (semicolon-separated, Norwegian columns), one row per pupil, for its principal and office (403 for other roles). The export is audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// The export for the web UI's download link: the same service under the sign-in cookie (the API accepts
    /// bearer tokens only). Not part of the API, so not in the OpenAPI document.
    /// </summary>
    public static void MapAbsenceOverviewDownload(this IEndpointRouteBuilder app) =>
        app.MapGet(AbsencePaths.OverviewExport, async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult>> (
                [FromQuery(Name = "skole")] Guid? schoolId, [FromQuery(Name = "skolear")] int? schoolYear, [FromQuery(Name = "halvar")] SchoolTerm? term,
                AbsenceOverviewService service, CancellationToken ct) =>
            {
                try
                {
                    var query = new AbsenceOverviewQuery { SchoolYear = schoolYear is >= 2000 and <= 2100 ? schoolYear : null, Term = term };
                    return schoolId is { } id && await service.ExportAsync(id, query, ct) is { } export
                        ? TypedResults.File(export.Content, "text/csv; charset=utf-8", export.FileName)
                        : TypedResults.NotFound();
                }
                catch (RoleDeniedException)
                {
                    return TypedResults.Forbid();
                }
            })
            .WithName("DownloadAbsenceOverview")
            .ExcludeFromDescription()
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Staff });
}
