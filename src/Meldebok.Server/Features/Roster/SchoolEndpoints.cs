using System.Security.Claims;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Roster;

internal static class SchoolEndpoints
{
    public static void MapSchools(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/schools").WithTags("Roster: schools");

        group.MapGet("/", async Task<Ok<Paged<SchoolResponse>>> (
                [AsParameters] SchoolFilter filter, [AsParameters] PageRequest page, ClaimsPrincipal user, SchoolService schools, CancellationToken ct) =>
                TypedResults.Ok(await schools.ListAsync(user.MunicipalityId(), filter, page, ct)))
            .WithName("ListSchools")
            .WithSummary("List the municipality's schools, by name, paged.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<SchoolResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, SchoolService schools, CancellationToken ct) =>
                await schools.GetAsync(user.MunicipalityId(), id, ct) is { } school ? TypedResults.Ok(school) : TypedResults.NotFound())
            .WithName("GetSchool")
            .WithSummary("Get one school.");

        group.MapPost("/", async Task<Created<SchoolResponse>> (
                SchoolRequest request, ClaimsPrincipal user, SchoolService schools, CancellationToken ct) =>
            {
                var school = await schools.CreateAsync(user.MunicipalityId(), request, ct);
                return TypedResults.Created($"/api/v1/admin/schools/{school.Id}", school);
            })
            .WithName("CreateSchool")
            .WithSummary("Create a school.")
            .ProducesValidationProblem();

        group.MapPut("/{id:guid}", async Task<Results<Ok<SchoolResponse>, NotFound>> (
                Guid id, SchoolRequest request, ClaimsPrincipal user, SchoolService schools, CancellationToken ct) =>
                await schools.UpdateAsync(user.MunicipalityId(), id, request, ct) is { } school ? TypedResults.Ok(school) : TypedResults.NotFound())
            .WithName("UpdateSchool")
            .WithSummary("Update a school's name and identifiers.")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/deactivate", async Task<Results<Ok<SchoolResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, SchoolService schools, CancellationToken ct) =>
                await schools.SetActiveAsync(user.MunicipalityId(), id, active: false, ct) is { } school ? TypedResults.Ok(school) : TypedResults.NotFound())
            .WithName("DeactivateSchool")
            .WithSummary("Deactivate a school. Nothing is deleted; the school can be activated again.");

        group.MapPost("/{id:guid}/activate", async Task<Results<Ok<SchoolResponse>, NotFound>> (
                Guid id, ClaimsPrincipal user, SchoolService schools, CancellationToken ct) =>
                await schools.SetActiveAsync(user.MunicipalityId(), id, active: true, ct) is { } school ? TypedResults.Ok(school) : TypedResults.NotFound())
            .WithName("ActivateSchool")
            .WithSummary("Activate a deactivated school.");
    }
}
