using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class PortfolioBoardEndpoints
{
    public static void MapPortfolioBoard(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/portfolio-board-members").WithTags("Roster: portfolio board");

        group.MapGet("/", async Task<Ok<Paged<PortfolioBoardMemberResponse>>> (
                [AsParameters] AdministratorFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, PortfolioBoardService board, CancellationToken ct) =>
                TypedResults.Ok(await board.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListPortfolioBoardMembers")
            .WithSummary("List the members of the municipality's portfolio board (porteføljestyre) by family name, paged.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<PortfolioBoardMemberResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, PortfolioBoardService board, CancellationToken ct) =>
                await board.GetAsync(user.MunicipalityId(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .WithName("GetPortfolioBoardMember")
            .WithSummary("Get one member of the portfolio board.");

        group.MapPost("/", async Task<Created<PortfolioBoardMemberResponse>> (
                AdministratorRequest request, ClaimsPrincipal user, PortfolioBoardService board, CancellationToken ct) =>
            {
                var created = await board.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/portfolio-board-members/{created.Id}", created);
            })
            .WithName("CreatePortfolioBoardMember")
            .WithSummary("Give a person the portfolio-board role: read-only access to the whole municipality's benefit plans, usage statistics and exports. Matched at sign-in by Feide id or confirmed e-mail.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:guid}", async Task<Results<Ok<PortfolioBoardMemberResponse>, NotFound>> (
                Guid id, AdministratorRequest request, ClaimsPrincipal user, PortfolioBoardService board, CancellationToken ct) =>
                await board.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound())
            .WithName("UpdatePortfolioBoardMember")
            .WithSummary("Update a portfolio-board member's name, e-mail address and Feide id.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<PortfolioBoardMemberResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, PortfolioBoardService board, CancellationToken ct) =>
                await board.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("DeactivatePortfolioBoardMember")
            .WithSummary("Take the portfolio-board role away; it applies from the person's next request.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<PortfolioBoardMemberResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, PortfolioBoardService board, CancellationToken ct) =>
                await board.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } changed ? TypedResults.Ok(changed) : TypedResults.NotFound())
            .WithName("ActivatePortfolioBoardMember")
            .WithSummary("Give a deactivated member the portfolio-board role back.");
    }
}
