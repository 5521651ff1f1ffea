using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class GroupEndpoints
{
    public static void MapGroups(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/groups").WithTags("Roster: groups");

        group.MapGet("/", async Task<Ok<Paged<GroupResponse>>> (
                [AsParameters] GroupFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, GroupService groups, CancellationToken ct) =>
                TypedResults.Ok(await groups.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListGroups")
            .WithSummary("List the municipality's groups, newest school year first, then by grade and name, paged.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<GroupResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GroupService groups, CancellationToken ct) =>
                await groups.GetAsync(user.MunicipalityId(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetGroup")
            .WithSummary("Get one group with its number of active pupils.");

        group.MapPost("/", async Task<Created<GroupResponse>> (
                GroupRequest request, ClaimsPrincipal user, GroupService groups, CancellationToken ct) =>
            {
                var created = await groups.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/groups/{created.Id}", created);
            })
            .WithName("CreateGroup")
            .WithSummary("Create a class, base group or SFO group at a school.")
            .ProducesValidationProblem();

        group.MapPut("/{id:guid}", async Task<Results<Ok<GroupResponse>, NotFound>> (
                Guid id, GroupRequest request, ClaimsPrincipal user, GroupService groups, CancellationToken ct) =>
                await groups.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound())
            .WithName("UpdateGroup")
            .WithSummary("Update a group. Its school cannot be changed.")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<GroupResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GroupService groups, CancellationToken ct) =>
                await groups.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound())
            .WithName("DeactivateGroup")
            .WithSummary("Deactivate a group. Nothing is deleted; the group can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<GroupResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GroupService groups, CancellationToken ct) =>
                await groups.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound())
            .WithName("ActivateGroup")
            .WithSummary("Activate a deactivated group.");
    }
}
