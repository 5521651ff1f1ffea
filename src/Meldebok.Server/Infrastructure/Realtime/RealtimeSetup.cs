using Meldebok.Server.Infrastructure.Auth;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>The real-time channel: outbox, publisher, hub and its authentication.</summary>
internal static class RealtimeSetup
{
    public const string HubPath = "/hubs/meldebok";
    /// <summary>Bearer token (header, or <c>access_token</c> in the query where browsers cannot set headers) or the web UI's cookie.</summary>
    public const string Scheme = "Meldebok.Realtime";
    public const string Policy = "Realtime";

    public static void AddMeldebokRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RealtimeOptions>()
            .BindConfiguration(RealtimeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSignalR();
        services.AddScoped<RealtimeAudiences>();
        services.AddSingleton<RealtimeConnections>();
        services.AddSingleton<LocalRealtimeFanout>();
        services.AddSingleton<IRealtimeFanout>(provider => provider.GetRequiredService<LocalRealtimeFanout>());
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxWakeInterceptor>();
        // Composes with the pooled registration in DatabaseSetup: pooled options are built once, from the root provider.
        services.ConfigureDbContext<Data.MeldebokDbContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<OutboxWakeInterceptor>()));
        services.AddHostedService<OutboxPublisher>();

        services.AddAuthentication().AddPolicyScheme(Scheme, "Meldebok real-time", options =>
        {
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || ApiAuthentication.HasHubQueryToken(context.Request)
                    ? ApiAuthentication.Scheme
                    : IdentityConstants.ApplicationScheme;
            options.ForwardChallenge = ApiProblemHandler.SchemeName;
            options.ForwardForbid = ApiProblemHandler.SchemeName;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(MeldebokClaims.Subject));
    }

    public static void MapMeldebokRealtime(this WebApplication app) =>
        app.MapHub<MeldebokHub>(HubPath).RequireAuthorization(Policy);

    public static void MapEvents(this RouteGroupBuilder api) =>
        api.MapGet("/events", GetEventsAsync)
            .WithTags("Events")
            .WithName("ListMissedEvents")
            .WithSummary("The real-time events after a sequence that reach the signed-in person, oldest first: what a reconnecting client missed.")
            .RequireAuthorization(Policies.Person);

    private static async Task<Results<Ok<RealtimeEventsResponse>, NotFound>> GetEventsAsync(
        [AsParameters] RealtimeEventsQuery query, HttpContext http, RealtimeAudiences audiences, Data.MeldebokDbContext db, CancellationToken ct)
    {
        // An integration has no person behind it and so no events.
        if (http.User.AccountId() is null)
        {
            return TypedResults.NotFound();
        }

        var groups = (await audiences.ForAsync(http.User, ct)).ToArray();
        var after = query.After ?? 0;
        var rows = await db.OutboxEvents.AsNoTracking()
            .Where(e => e.Sequence > after && e.Audiences.Any(a => groups.Contains(a)))
            .OrderBy(e => e.Sequence)
            .Take(query.Limit ?? RealtimeEventsQuery.DefaultLimit)
            .Select(e => new { Sequence = e.Sequence!.Value, e.Type, e.CreatedAt, e.Payload })
            .ToListAsync(ct);
        var items = rows.Select(r => new RealtimeEvent(r.Sequence, r.Type, r.CreatedAt, JsonSerializer.Deserialize<JsonElement>(r.Payload))).ToList();
        return TypedResults.Ok(new RealtimeEventsResponse(items, items.Count > 0 ? items[^1].Sequence : after));
    }
}
