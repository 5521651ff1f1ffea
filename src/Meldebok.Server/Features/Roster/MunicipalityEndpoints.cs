using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class MunicipalityEndpoints
{
    /// <summary>The municipality administrator's own municipality, under the admin group.</summary>
    public static void MapOwnMunicipality(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/municipality").WithTags("Roster: municipality");

        group.MapGet("/", async Task<Results<Ok<MunicipalityResponse>, NotFound>> (
                ClaimsPrincipal user, MunicipalityService municipalities, CancellationToken ct) =>
                await municipalities.GetAsync(user.MunicipalityId(), ct) is { } municipality ? TypedResults.Ok(municipality) : TypedResults.NotFound())
            .WithName("GetOwnMunicipality")
            .WithSummary("Get the caller's own municipality and its settings.");

        group.MapPut("/", async Task<Results<Ok<MunicipalityResponse>, NotFound>> (
                MunicipalityRequest request, ClaimsPrincipal user, MunicipalityService municipalities, CancellationToken ct) =>
                await municipalities.UpdateOwnAsync(user.MunicipalityId(), request, ct) is { } municipality ? TypedResults.Ok(municipality) : TypedResults.NotFound())
            .WithName("UpdateOwnMunicipality")
            .WithSummary("Update the caller's own municipality: name, time zone and settings (not the organisation number).")
            .ProducesValidationProblem();
    }

    /// <summary>All municipalities, for the platform operator.</summary>
    public static void MapPlatformMunicipalities(this RouteGroupBuilder platform)
    {
        var group = platform.MapGroup("/municipalities").WithTags("Platform: municipalities");

        group.MapGet("/", async Task<Ok<Paged<MunicipalityResponse>>> (
                [AsParameters] MunicipalityFilter filter, [AsParameters] PageRequest page, MunicipalityService municipalities, CancellationToken ct) =>
                TypedResults.Ok(await municipalities.ListAsync(filter, page, ct)))
            .WithName("ListMunicipalities")
            .WithSummary("List the platform's municipalities, by name, paged.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<MunicipalityResponse>, NotFound>> (
                Guid id, MunicipalityService municipalities, CancellationToken ct) =>
                await municipalities.GetAsync(id, ct) is { } municipality ? TypedResults.Ok(municipality) : TypedResults.NotFound())
            .WithName("GetMunicipality")
            .WithSummary("Get one municipality.");

        group.MapPost("/", async Task<Created<MunicipalityResponse>> (
                MunicipalityRegistrationRequest request, MunicipalityService municipalities, CancellationToken ct) =>
            {
                var municipality = await municipalities.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/platform/municipalities/{municipality.Id}", municipality);
            })
            .WithName("CreateMunicipality")
            .WithSummary("Register a municipality. The organisation number must not be registered already.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<MunicipalityResponse>, NotFound>> (
                Guid id, MunicipalityRegistrationRequest request, MunicipalityService municipalities, CancellationToken ct) =>
                await municipalities.UpdateAsync(id, request, ct) is { } municipality ? TypedResults.Ok(municipality) : TypedResults.NotFound())
            .WithName("UpdateMunicipality")
            .WithSummary("Update a municipality, including its organisation number.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<MunicipalityResponse>, NotFound>> (
                Guid id, MunicipalityService municipalities, CancellationToken ct) =>
                await municipalities.SetActiveAsync(id, active: false, ct) is { } municipality ? TypedResults.Ok(municipality) : TypedResults.NotFound())
            .WithName("DeactivateMunicipality")
            .WithSummary("Deactivate a municipality. Nothing is deleted; it can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<MunicipalityResponse>, NotFound>> (
                Guid id, MunicipalityService municipalities, CancellationToken ct) =>
                await municipalities.SetActiveAsync(id, active: true, ct) is { } municipality ? TypedResults.Ok(municipality) : TypedResults.NotFound())
            .WithName("ActivateMunicipality")
            .WithSummary("Activate a deactivated municipality.");
    }
}
