using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Pupils;

/// <summary>Registers the person-facing endpoints: who am I, and the pupils I may reach.</summary>
internal static class PupilAccessModule
{
    public static void AddPupilAccess(this IServiceCollection services)
    {
        services.AddScoped<AccessScope>();
        services.AddScoped<PupilAccessService>();
    }

    public static void MapPupilAccess(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async Task<Results<Ok<MeResponse>, NotFound>> (PupilAccessService pupils, CancellationToken ct) =>
                await pupils.MeAsync(ct) is { } me ? TypedResults.Ok(me) : TypedResults.NotFound())
            .WithTags("Me")
            .WithName("GetMe")
            .WithSummary("Who the signed-in person is: display name, roles and roster ids, derived from the roster now.")
            .RequireAuthorization(Policies.Person);

        var group = api.MapGroup("/pupils").WithTags("Pupils").RequireAuthorization(Policies.Person);

        group.MapGet("/", async Task<Ok<Paged<ReachablePupilListItem>>> (
                [AsParameters] ReachablePupilFilter filter, [AsParameters] PageRequest page, PupilAccessService pupils, CancellationToken ct) =>
                TypedResults.Ok(await pupils.ListAsync(filter, page, ct)))
            .WithName("ListMyPupils")
            .WithSummary("List the pupils the signed-in person may reach: a guardian's children, a staff member's pupils. Paged, by name.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<ReachablePupilResponse>, NotFound>> (
                Guid id, PupilAccessService pupils, CancellationToken ct) =>
                await pupils.GetAsync(id, ct) is { } pupil ? TypedResults.Ok(pupil) : TypedResults.NotFound())
            .WithName("GetMyPupil")
            .WithSummary("Get one pupil the signed-in person may reach; 404 for every other pupil.");
    }
}
