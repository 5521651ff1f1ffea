using Meldebok.Server.Features.ClassLists.Pages;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.ClassLists;

/// <summary>Class lists for guardians (per child) and staff (per group, with CSV export).</summary>
internal static class ClassListEndpoints
{
    private const string CsvType = "text/csv; charset=utf-8";

    public static void AddClassLists(this IServiceCollection services)
    {
        services.AddScoped<ClassListService>();
        services.AddScoped<ClassListChanges>();
    }

    public static void MapClassLists(this RouteGroupBuilder api)
    {
        api.MapGet("/pupils/{id:guid}/class-lists", async Task<Results<Ok<GuardianClassListsResponse>, NotFound>> (
                Guid id, ClassListService service, CancellationToken ct) =>
                await service.ForChildAsync(id, ct) is { } lists ? TypedResults.Ok(lists) : TypedResults.NotFound())
            .WithTags("Class lists")
            .WithName("GetChildClassLists")
            .WithSummary("The class lists of the guardian's child: for each active group (class, basis group, SFO group) the pupils' names, and the contact details of only those guardians who consent to share them (a standing ContactSharing consent). Pupils with a protected address never appear. 404 unless the caller reaches the child.")
            .RequireAuthorization(Policies.Guardian);

        var groups = api.MapGroup("/groups").WithTags("Class lists").RequireAuthorization(Policies.Staff);

        groups.MapGet("/{id:guid}/class-list", async Task<Results<Ok<StaffClassListResponse>, NotFound>> (
                Guid id, ClassListService service, CancellationToken ct) =>
                await service.ForGroupAsync(id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound())
            .WithName("GetGroupClassList")
            .WithSummary("A group's full class list for staff whose assignment covers it (office and principal: every group of their school): pupils with birth date, photo consent and guardians' contact details as access allows (protected pupils' guardians only to staff assigned to the pupil's groups). Reads of protected pupils are audited.");

        groups.MapGet("/{id:guid}/class-list/export.csv", async Task<Results<FileContentHttpResult, NotFound>> (
                Guid id, ClassListService service, CancellationToken ct) =>
                await service.ExportAsync(id, ct) is { } export ? TypedResults.File(export.Content, CsvType, export.FileName) : TypedResults.NotFound())
            .WithName("ExportGroupClassList")
            .WithSummary("The group's class list as CSV (UTF-8 with BOM, semicolon-separated): given name, family name, birth date, photo consent, guardians with contact details. The export is audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        var units = api.MapGroup("/sfo-units/{unitId:guid}").WithTags("Class lists").RequireAuthorization(Policies.Staff);

        units.MapGet("/class-list", async Task<Results<Ok<SfoUnitClassListResponse>, NotFound>> (
                Guid unitId, ClassListService service, CancellationToken ct) =>
                await service.ForSfoUnitAsync(unitId, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound())
            .WithName("GetSfoUnitClassList")
            .WithSummary("An SFO unit's class list as a whole, for the staff who work its board (SFO staff and leaders of its SFO groups, the school's office and principal): every child with a place at the unit today, with the columns and privacy of a group's staff list (protected pupils only where the caller reaches them, their guardians' contacts only to staff assigned to one of their groups). Reads of protected pupils are audited.");

        units.MapGet("/class-list/export.csv", async Task<Results<FileContentHttpResult, NotFound>> (
                Guid unitId, ClassListService service, CancellationToken ct) =>
                await service.ExportSfoUnitAsync(unitId, ct) is { } export ? TypedResults.File(export.Content, CsvType, export.FileName) : TypedResults.NotFound())
            .WithName("ExportSfoUnitClassList")
            .WithSummary("The SFO unit's class list as CSV, with the columns of a group's export. The export is audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }

    /// <summary>
    /// The export for the web UI's download link: the same service under the sign-in cookie (the API accepts bearer tokens
    /// only). Not part of the API, so not in the OpenAPI document.
    /// </summary>
    public static void MapClassListDownload(this IEndpointRouteBuilder app) =>
        app.MapGet(ClassListPaths.ExportRoute, async Task<Results<FileContentHttpResult, NotFound>> (
                Guid groupId, ClassListService service, CancellationToken ct) =>
                await service.ExportAsync(groupId, ct) is { } export ? TypedResults.File(export.Content, CsvType, export.FileName) : TypedResults.NotFound())
            .WithName("DownloadClassList")
            .ExcludeFromDescription()
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Staff });

    /// <summary>The SFO unit's export under the sign-in cookie, for the web UI's download link (not part of the API).</summary>
    public static void MapSfoClassListDownload(this IEndpointRouteBuilder app) =>
        app.MapGet(ClassListPaths.SfoExportRoute, async Task<Results<FileContentHttpResult, NotFound>> (
                Guid unitId, ClassListService service, CancellationToken ct) =>
                await service.ExportSfoUnitAsync(unitId, ct) is { } export ? TypedResults.File(export.Content, CsvType, export.FileName) : TypedResults.NotFound())
            .WithName("DownloadSfoClassList")
            .ExcludeFromDescription()
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Staff });
}
