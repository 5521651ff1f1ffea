using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class GuardianLinkEndpoints
{
    public static void MapGuardianLinks(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/guardian-links").WithTags("Roster: guardian links");

        group.MapGet("/", async Task<Ok<Paged<GuardianLinkResponse>>> (
                [AsParameters] GuardianLinkFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, GuardianLinkService links, CancellationToken ct) =>
                TypedResults.Ok(await links.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListGuardianLinks")
            .WithSummary("List links between guardians and pupils, ordered by the pupil's and then the guardian's name, paged, filtered by pupil or guardian.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<GuardianLinkResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GuardianLinkService links, CancellationToken ct) =>
                await links.GetAsync(user.MunicipalityId(), id, ct) is { } link ? TypedResults.Ok(link) : TypedResults.NotFound())
            .WithName("GetGuardianLink")
            .WithSummary("Get one guardian link and whether it gives the guardian access.");

        group.MapPost("/", async Task<Created<GuardianLinkResponse>> (
                GuardianLinkCreateRequest request, ClaimsPrincipal user, GuardianLinkService links, CancellationToken ct) =>
            {
                var link = await links.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/guardian-links/{link.Id}", link);
            })
            .WithName("CreateGuardianLink")
            .WithSummary("Link a guardian to a pupil; one link per guardian and pupil.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<GuardianLinkResponse>, NotFound>> (
                Guid id, GuardianLinkUpdateRequest request, ClaimsPrincipal user, GuardianLinkService links, CancellationToken ct) =>
                await links.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } link ? TypedResults.Ok(link) : TypedResults.NotFound())
            .WithName("UpdateGuardianLink")
            .WithSummary("Change a link's parental responsibility, daily care, right to information and block.")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<GuardianLinkResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GuardianLinkService links, CancellationToken ct) =>
                await links.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } link ? TypedResults.Ok(link) : TypedResults.NotFound())
            .WithName("DeactivateGuardianLink")
            .WithSummary("Deactivate a guardian link, which ends the guardian's access through it. Nothing is deleted.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<GuardianLinkResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, GuardianLinkService links, CancellationToken ct) =>
                await links.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } link ? TypedResults.Ok(link) : TypedResults.NotFound())
            .WithName("ActivateGuardianLink")
            .WithSummary("Activate a deactivated guardian link.");
    }
}
