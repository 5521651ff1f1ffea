using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class GuardianEndpoints
{
    public static void MapGuardians(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/guardians").WithTags("Roster: guardians");

        group.MapGet("/", async Task<Ok<Paged<GuardianListItem>>> (
                [AsParameters] GuardianFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, GuardianService guardians, CancellationToken ct) =>
                TypedResults.Ok(await guardians.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListGuardians")
            .WithSummary("List the municipality's guardians by family name and given name, paged, searched by name or e-mail, or those of one pupil.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<GuardianResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GuardianService guardians, CancellationToken ct) =>
                await guardians.GetAsync(user.MunicipalityId(), id, ct) is { } guardian ? TypedResults.Ok(guardian) : TypedResults.NotFound())
            .WithName("GetGuardian")
            .WithSummary("Get one guardian; the national identity number is masked.");

        group.MapPost("/", async Task<Created<GuardianResponse>> (
                GuardianRequest request, ClaimsPrincipal user, GuardianService guardians, CancellationToken ct) =>
            {
                var guardian = await guardians.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/guardians/{guardian.Id}", guardian);
            })
            .WithName("CreateGuardian")
            .WithSummary("Create a guardian.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<GuardianResponse>, NotFound>> (
                Guid id, GuardianRequest request, ClaimsPrincipal user, GuardianService guardians, CancellationToken ct) =>
                await guardians.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } guardian ? TypedResults.Ok(guardian) : TypedResults.NotFound())
            .WithName("UpdateGuardian")
            .WithSummary("Update a guardian's name, identity number and contact details.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<GuardianResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GuardianService guardians, CancellationToken ct) =>
                await guardians.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } guardian ? TypedResults.Ok(guardian) : TypedResults.NotFound())
            .WithName("DeactivateGuardian")
            .WithSummary("Deactivate a guardian. Nothing is deleted; the guardian can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<GuardianResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GuardianService guardians, CancellationToken ct) =>
                await guardians.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } guardian ? TypedResults.Ok(guardian) : TypedResults.NotFound())
            .WithName("ActivateGuardian")
            .WithSummary("Activate a deactivated guardian.");
    }
}
