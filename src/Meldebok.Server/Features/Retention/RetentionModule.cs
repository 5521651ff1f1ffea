using System.Security.Claims;
using Meldebok.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meldebok.Server.Features.Retention;

/// <summary>Retention: the periods per data type, the nightly job, and the administrator's dry-run report and on-demand run.</summary>
internal static class RetentionModule
{
    public static void AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<RetentionService>();
        services.AddScoped<RetentionJob>();
    }

    public static void MapRetention(this RouteGroupBuilder api)
    {
        var retention = api.MapGroup("/admin/retention").WithTags("Retention").RequireAuthorization(Policies.MunicipalityAdmin);

        retention.MapGet("/report", async Task<Ok<RetentionReport>> (
                [AsParameters] RetentionQuery query, ClaimsPrincipal user, RetentionService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ReportAsync(user.MunicipalityId(), query.Type, ct)))
            .WithName("GetRetentionReport")
            .WithSummary("Dry run: per data type and table, how many of the municipality's records are past their retention period now. Nothing is deleted.")
            .ProducesValidationProblem();

        retention.MapPost("/run", async Task<Ok<RetentionRunResult>> (
                [AsParameters] RetentionQuery query, ClaimsPrincipal user, RetentionService service, CancellationToken ct) =>
                TypedResults.Ok(await service.RunAsync(user.MunicipalityId(), query.Type, RetentionTrigger.Administrator, ct)))
            .WithName("RunRetention")
            .WithSummary("Deletes the municipality's records past their retention period now, as the nightly job does, and answers the counts; audited.")
            .ProducesValidationProblem();
    }
}

/// <summary>The Hangfire recurring job: every night, every municipality's records past their period are deleted.</summary>
internal sealed class RetentionJob(RetentionService retention)
{
    public const string Id = "retention";

    public Task RunAsync(CancellationToken cancellationToken) => retention.RunAllAsync(RetentionTrigger.Job, cancellationToken);
}
