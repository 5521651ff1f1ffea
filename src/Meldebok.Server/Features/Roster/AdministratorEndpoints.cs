using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class AdministratorEndpoints
{
    public static void MapAdministrators(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/administrators").WithTags("Roster: administrators");

        group.MapGet("/", async Task<Ok<Paged<AdministratorResponse>>> (
                [AsParameters] AdministratorFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, AdministratorService administrators, CancellationToken ct) =>
                TypedResults.Ok(await administrators.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListAdministrators")
            .WithSummary("List the municipality's administrators by family name, paged.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<AdministratorResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, AdministratorService administrators, CancellationToken ct) =>
                await administrators.GetAsync(user.MunicipalityId(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetAdministrator")
            .WithSummary("Get one municipality administrator.");

        group.MapPost("/", async Task<Created<AdministratorResponse>> (
                AdministratorRequest request, ClaimsPrincipal user, AdministratorService administrators, CancellationToken ct) =>
            {
                var created = await administrators.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/administrators/{created.Id}", created);
            })
            .WithName("CreateAdministrator")
            .WithSummary("Create a municipality administrator.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<AdministratorResponse>, NotFound>> (
                Guid id, AdministratorRequest request, ClaimsPrincipal user, AdministratorService administrators, CancellationToken ct) =>
                await administrators.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound())
            .WithName("UpdateAdministrator")
            .WithSummary("Update an administrator's name, e-mail address and Feide id.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<AdministratorResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, AdministratorService administrators, CancellationToken ct) =>
                await administrators.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("DeactivateAdministrator")
            .WithSummary("Deactivate an administrator. The municipality's last active administrator cannot be deactivated.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<AdministratorResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, AdministratorService administrators, CancellationToken ct) =>
                await administrators.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("ActivateAdministrator")
            .WithSummary("Activate a deactivated administrator.");
    }
}
