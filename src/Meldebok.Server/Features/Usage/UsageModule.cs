using System.Security.Claims;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Usage;

/// <summary>Usage statistics: usage events written with every action, the daily aggregation and the metrics API.</summary>
internal static class UsageModule
{
    public static void AddUsage(this WebApplicationBuilder builder)
    {
        var developmentKey = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        builder.Services.AddOptions<UsageOptions>()
            .BindConfiguration(UsageOptions.Section)
            .Configure(o => o.AllowDevelopmentKey = developmentKey)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UsagePseudonyms>();
        builder.Services.AddScoped<UsageRecorder>();
        builder.Services.AddScoped<UsageSignIns>();
        builder.Services.AddScoped<UsageAggregator>();
        // The demo municipality's generated year of usage (seed-demo and the first development start).
        builder.Services.AddScoped<Demo.DemoUsageHistory>();
        builder.Services.AddScoped<UsageAggregationJob>();
        builder.Services.AddScoped<UsageService>();
    }

    public static void MapUsage(this RouteGroupBuilder api)
    {
        var usage = api.MapGroup("/usage").WithTags("Usage statistics").RequireAuthorization(Policies.UsageReader);

        usage.MapGet("/metrics", async Task<Ok<IReadOnlyList<UsageMetricDefinition>>> (UsageService service, CancellationToken ct) =>
                TypedResults.Ok(await service.CatalogueAsync(ct)))
            .WithName("ListUsageMetrics")
            .WithSummary("The metrics catalogue: id, Norwegian name, how each is computed, unit, and whether its feature exists yet.");

        usage.MapGet("/metrics/{metricId}", async Task<Results<Ok<UsageMetricResponse>, NotFound, ProblemHttpResult>> (
                string metricId, [AsParameters] UsageMetricQuery query, UsageService service, CancellationToken ct) =>
            {
                if (UsageMetrics.Find(metricId) is not { } metric)
                {
                    var shown = metricId.Length > 64 ? metricId[..64] + "…" : metricId;
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Ukjent måltall",
                        detail: $"Måltallet «{shown}» finnes ikke. Kjente måltall: {string.Join(", ", UsageMetrics.All.Select(m => m.Id))}.",
                        extensions: new Dictionary<string, object?> { ["metricId"] = shown });
                }

                return await service.MetricAsync(metric, query, ct) is { } figures ? TypedResults.Ok(figures) : TypedResults.NotFound();
            })
            .WithName("GetUsageMetric")
            .WithSummary("One metric by day, ISO week or month for the municipality or one school: { periodStart, value, numerator, denominator } per period. " +
                "Metrics whose feature does not exist yet answer status no-data-yet without series.")
            .ProducesValidationProblem();

        usage.MapGet("/adoption", async Task<Ok<UsageAdoptionResponse>> ([AsParameters] UsageRangeQuery query, UsageService service, CancellationToken ct) =>
                TypedResults.Ok(await service.AdoptionAsync(query, ct)))
            .WithName("GetUsageAdoption")
            .WithSummary("Per school: guardians, activated guardians, active guardians and the digital share of absence notices; the schools that lag behind first.")
            .ProducesValidationProblem();

        api.MapPost("/admin/usage/aggregate", async Task<Ok<UsageAggregationResult>> (
                [AsParameters] UsageRangeQuery query, ClaimsPrincipal user, UsageService service, CancellationToken ct) =>
                TypedResults.Ok(await service.AggregateAsync(user.MunicipalityId(), query, ct)))
            .WithTags("Usage statistics")
            .WithName("AggregateUsage")
            .WithSummary("Aggregates the municipality's usage events into daily figures for from–to (default yesterday), replacing those days' figures.")
            .RequireAuthorization(Policies.MunicipalityAdmin)
            .ProducesValidationProblem();
    }
}
