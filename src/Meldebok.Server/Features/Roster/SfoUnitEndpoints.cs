using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class SfoUnitEndpoints
{
    public static void MapSfoUnits(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/sfo-units").WithTags("Roster: SFO units");

        group.MapGet("/", async Task<Ok<Paged<SfoUnitResponse>>> (
                [AsParameters] SfoUnitFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, SfoUnitService units, CancellationToken ct) =>
                TypedResults.Ok(await units.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListSfoUnits")
            .WithSummary("List the municipality's SFO units, by name, paged; optionally those of one school.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<SfoUnitResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, SfoUnitService units, CancellationToken ct) =>
                await units.GetAsync(user.MunicipalityId(), id, ct) is { } unit ? TypedResults.Ok(unit) : TypedResults.NotFound())
            .WithName("GetSfoUnit")
            .WithSummary("Get one SFO unit.");

        group.MapPost("/", async Task<Created<SfoUnitResponse>> (
                SfoUnitRequest request, ClaimsPrincipal user, SfoUnitService units, CancellationToken ct) =>
            {
                var unit = await units.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/sfo-units/{unit.Id}", unit);
            })
            .WithName("CreateSfoUnit")
            .WithSummary("Create an SFO unit at an active school of the municipality.")
            .ProducesValidationProblem();

        group.MapPut("/{id:guid}", async Task<Results<Ok<SfoUnitResponse>, NotFound>> (
                Guid id, SfoUnitRequest request, ClaimsPrincipal user, SfoUnitService units, CancellationToken ct) =>
                await units.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } unit ? TypedResults.Ok(unit) : TypedResults.NotFound())
            .WithName("UpdateSfoUnit")
            .WithSummary("Update an SFO unit's name and source id. Its school cannot be changed.")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<SfoUnitResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, SfoUnitService units, CancellationToken ct) =>
                await units.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } unit ? TypedResults.Ok(unit) : TypedResults.NotFound())
            .WithName("DeactivateSfoUnit")
            .WithSummary("Deactivate an SFO unit. Nothing is deleted; the unit can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<SfoUnitResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, SfoUnitService units, CancellationToken ct) =>
                await units.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } unit ? TypedResults.Ok(unit) : TypedResults.NotFound())
            .WithName("ActivateSfoUnit")
            .WithSummary("Activate a deactivated SFO unit.");
    }
}
