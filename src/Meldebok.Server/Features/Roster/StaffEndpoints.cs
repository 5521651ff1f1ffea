using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class StaffEndpoints
{
    public static void MapStaff(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/staff").WithTags("Roster: staff");

        group.MapGet("/", async Task<Ok<Paged<StaffResponse>>> (
                [AsParameters] StaffFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, StaffService staff, CancellationToken ct) =>
                TypedResults.Ok(await staff.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListStaff")
            .WithSummary("List the municipality's staff by family name, paged; filter by school and role.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<StaffDetailsResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, StaffService staff, CancellationToken ct) =>
                await staff.GetAsync(user.MunicipalityId(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetStaff")
            .WithSummary("Get one staff member with their roles at schools.");

        group.MapPost("/", async Task<Created<StaffResponse>> (
                StaffRequest request, ClaimsPrincipal user, StaffService staff, CancellationToken ct) =>
            {
                var created = await staff.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/staff/{created.Id}", created);
            })
            .WithName("CreateStaff")
            .WithSummary("Create a staff member.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<StaffResponse>, NotFound>> (
                Guid id, StaffRequest request, ClaimsPrincipal user, StaffService staff, CancellationToken ct) =>
                await staff.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound())
            .WithName("UpdateStaff")
            .WithSummary("Update a staff member's name, Feide id and contact details.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<StaffResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, StaffService staff, CancellationToken ct) =>
                await staff.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("DeactivateStaff")
            .WithSummary("Deactivate a staff member. Nothing is deleted; the staff member can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<StaffResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, StaffService staff, CancellationToken ct) =>
                await staff.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("ActivateStaff")
            .WithSummary("Activate a deactivated staff member.");
    }
}
