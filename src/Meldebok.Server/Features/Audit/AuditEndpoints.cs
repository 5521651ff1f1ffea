using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Audit;

/// <summary>Registers the audit log: the writer, the admin's audit list and the data-subject exports.</summary>
internal static class AuditModule
{
    public static void AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditService>();
    }

    public static void MapAudit(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(Policies.MunicipalityAdmin);

        admin.MapGet("/audit", async Task<Ok<Paged<AuditEntryResponse>>> (
                [AsParameters] AuditFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, AuditService audit, CancellationToken ct) =>
                TypedResults.Ok(await audit.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithTags("Audit")
            .WithName("ListAuditEntries")
            .WithSummary("List the municipality's audit log, newest first, paged; filter by pupil, person, account and time.");

        var export = admin.MapGroup("/data-export").WithTags("Audit");

        export.MapGet("/pupils/{id:guid}", async Task<Results<Ok<PupilDataExport>, NotFound>> (
                Guid id, ClaimsPrincipal user, AuditService audit, CancellationToken ct) =>
                await audit.ExportPupilAsync(user.MunicipalityId(), id, ct) is { } data ? TypedResults.Ok(data) : TypedResults.NotFound())
            .WithName("ExportPupilData")
            .WithSummary("Export everything stored about one pupil (innsyn). The export is itself audited.");

        export.MapGet("/guardians/{id:guid}", async Task<Results<Ok<GuardianDataExport>, NotFound>> (
                Guid id, ClaimsPrincipal user, AuditService audit, CancellationToken ct) =>
                await audit.ExportGuardianAsync(user.MunicipalityId(), id, ct) is { } data ? TypedResults.Ok(data) : TypedResults.NotFound())
            .WithName("ExportGuardianData")
            .WithSummary("Export everything stored about one guardian (innsyn). The export is itself audited.");
    }
}
