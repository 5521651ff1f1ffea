using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class PupilEndpoints
{
    public static void MapPupils(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/pupils").WithTags("Roster: pupils");

        group.MapGet("/", async Task<Ok<Paged<PupilListItem>>> (
                [AsParameters] PupilFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, PupilService pupils, CancellationToken ct) =>
                TypedResults.Ok(await pupils.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListPupils")
            .WithSummary("List the municipality's pupils by family name and given name, paged, filtered by school, group, name and address protection.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<PupilResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, PupilService pupils, CancellationToken ct) =>
                await pupils.GetAsync(user.MunicipalityId(), id, ct) is { } pupil ? TypedResults.Ok(pupil) : TypedResults.NotFound())
            .WithName("GetPupil")
            .WithSummary("Get one pupil with their groups; the national identity number is masked.");

        group.MapPost("/", async Task<Created<PupilResponse>> (
                PupilRequest request, ClaimsPrincipal user, PupilService pupils, CancellationToken ct) =>
            {
                var pupil = await pupils.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/pupils/{pupil.Id}", pupil);
            })
            .WithName("CreatePupil")
            .WithSummary("Create a pupil at a school, with their group memberships.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<PupilResponse>, NotFound>> (
                Guid id, PupilRequest request, ClaimsPrincipal user, PupilService pupils, CancellationToken ct) =>
                await pupils.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } pupil ? TypedResults.Ok(pupil) : TypedResults.NotFound())
            .WithName("UpdatePupil")
            .WithSummary("Update a pupil; the group list replaces the pupil's memberships.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<PupilResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, PupilService pupils, CancellationToken ct) =>
                await pupils.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } pupil ? TypedResults.Ok(pupil) : TypedResults.NotFound())
            .WithName("DeactivatePupil")
            .WithSummary("Deactivate a pupil. Nothing is deleted; the pupil can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<PupilResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, PupilService pupils, CancellationToken ct) =>
                await pupils.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } pupil ? TypedResults.Ok(pupil) : TypedResults.NotFound())
            .WithName("ActivatePupil")
            .WithSummary("Activate a deactivated pupil.");
    }
}
