using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class StaffAssignmentEndpoints
{
    public static void MapStaffAssignments(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/staff-assignments").WithTags("Roster: staff assignments");

        group.MapGet("/", async Task<Ok<Paged<StaffAssignmentResponse>>> (
                [AsParameters] StaffAssignmentFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, StaffAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await assignments.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListStaffAssignments")
            .WithSummary("List staff members' roles at schools, paged; filter by staff member, school, role and group.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<StaffAssignmentResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, StaffAssignmentService assignments, CancellationToken ct) =>
                await assignments.GetAsync(user.MunicipalityId(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetStaffAssignment")
            .WithSummary("Get one staff assignment with its groups.");

        group.MapPost("/", async Task<Created<StaffAssignmentResponse>> (
                StaffAssignmentCreateRequest request, ClaimsPrincipal user, StaffAssignmentService assignments, CancellationToken ct) =>
            {
                var created = await assignments.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/staff-assignments/{created.Id}", created);
            })
            .WithName("CreateStaffAssignment")
            .WithSummary("Give a staff member a role at a school, with the groups the role covers.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<StaffAssignmentResponse>, NotFound>> (
                Guid id, StaffAssignmentUpdateRequest request, ClaimsPrincipal user, StaffAssignmentService assignments, CancellationToken ct) =>
                await assignments.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound())
            .WithName("UpdateStaffAssignment")
            .WithSummary("Change an assignment's role and replace the set of groups it covers.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<StaffAssignmentResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, StaffAssignmentService assignments, CancellationToken ct) =>
                await assignments.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("DeactivateStaffAssignment")
            .WithSummary("Deactivate a staff assignment. Nothing is deleted; the assignment can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<StaffAssignmentResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, StaffAssignmentService assignments, CancellationToken ct) =>
                await assignments.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("ActivateStaffAssignment")
            .WithSummary("Activate a deactivated staff assignment.");
    }
}
