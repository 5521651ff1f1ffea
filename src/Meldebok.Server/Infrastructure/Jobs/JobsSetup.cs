using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Meldebok.Server.Infrastructure.Auth;
using Npgsql;

namespace Meldebok.Server.Infrastructure.Jobs;

/// <summary>Background job settings (section <c>Jobs</c>).</summary>
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this process runs the job server (polls the queue, schedules recurring jobs).</summary>
    public bool RunServer { get; set; } = true;

    [Range(1, 64)] public int WorkerCount { get; set; } = 2;

    /// <summary>How long a fetched job stays invisible to other servers; the sliding timeout keeps extending it while the job runs.</summary>
    [Range(1, 1440)] public int InvisibilityTimeoutMinutes { get; set; } = 5;

    /// <summary>
    /// How often the job server looks for due recurring and scheduled jobs. Every replica looks; a distributed lock in
    /// PostgreSQL lets one of them enqueue each occurrence, so a recurring job runs once per occurrence however many replicas run.
    /// </summary>
    [Range(1, 3600)] public int SchedulePollingIntervalSeconds { get; set; } = 2;
}

/// <summary>Hangfire on the application's PostgreSQL database (schema <c>hangfire</c>) and its dashboard at <c>/jobs</c>.</summary>
internal static class JobsSetup
{
    public const string DashboardPath = "/jobs";
    public const string Schema = "hangfire";

    public static void AddMeldebokJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseLogProvider(new HangfireLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                bootstrapper => bootstrapper.UseConnectionFactory(new DataSourceConnectionFactory(services.GetRequiredService<NpgsqlDataSource>())),
                new PostgreSqlStorageOptions
                {
                    SchemaName = Schema,
                    PrepareSchemaIfNecessary = true,
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(options.InvisibilityTimeoutMinutes),
                }));
        if (options.RunServer)
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                // Delayed jobs (a bulk message's fan-out after its undo window) start within this many seconds of their time.
                server.SchedulePollingInterval = TimeSpan.FromSeconds(options.SchedulePollingIntervalSeconds);
            });
            // Where jobs run, notifications committed by this process are delivered by it at once (coalesced runs) rather
            // than through one Hangfire job per change.
            builder.Services.AddSingleton<Features.Notifications.NotificationDeliveryPump>();
            builder.Services.AddHostedService(services => services.GetRequiredService<Features.Notifications.NotificationDeliveryPump>());
        }

        builder.Services.AddScoped<PruneTokensJob>();
        builder.Services.AddScoped<PruneOutboxJob>();
    }

    /// <summary>Maps the dashboard and, where this process runs the job server, schedules the recurring jobs.</summary>
    public static void MapMeldebokJobs(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            AsyncAuthorization = [new DashboardAuthorization()],
            // Municipality administrators may look; only the platform operator may trigger, retry or delete.
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(Roles.PlatformOperator),
            DisplayStorageConnectionString = false,
            AppPath = "/",
        });

        if (app.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() is not { RunServer: false })
        {
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PruneTokensJob>(
                PruneTokensJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily());
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PruneOutboxJob>(
                PruneOutboxJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily());
            // 02:15 in Oslo: yesterday is over in every Norwegian municipality; missed nights are caught up by the job itself.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Usage.UsageAggregationJob>(
                Features.Usage.UsageAggregationJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily(2, 15),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(Data.MunicipalClock.DefaultTimeZone) });
            // 03:00 in Oslo: after the usage aggregation (02:15), so yesterday's figures are there to measure benefits with.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Benefits.BenefitMeasurementJob>(
                Features.Benefits.BenefitMeasurementJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily(3, 0),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(Data.MunicipalClock.DefaultTimeZone) });
            // The sweeper: what was not delivered right after its commit (a crash, a retry after a failure) goes out within a minute.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Notifications.NotificationDeliveryJob>(
                Features.Notifications.NotificationDeliveryJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
            // Every minute: the daily digests whose time has come are made (once per person, channel and day) and handed to delivery.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Notifications.NotificationDigestJob>(
                Features.Notifications.NotificationDigestJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
            // Every minute: bulk messages whose undo window or scheduled time has passed go out even if their delayed job was lost.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Messages.BulkFanOutJob>(
                Features.Messages.BulkFanOutJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
            // Hourly: a request is reminded within the hour its deadline comes within Consents:ReminderDaysBeforeDeadline days.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Consents.ConsentReminderJob>(
                Features.Consents.ConsentReminderJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
            // Every minute: a child handed over to SFO and neither checked in nor reported absent raises the missing-child alert within a minute.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Sfo.SfoMissingAlertJob>(
                Features.Sfo.SfoMissingAlertJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
            // Hourly: uploads never attached to anything are deleted once Attachments:PendingHours (24) have passed.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Attachments.PruneAttachmentsJob>(
                Features.Attachments.PruneAttachmentsJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
            // 03:30 in Oslo: records past their retention period (Retention:*) are deleted while nobody uses the product.
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Features.Retention.RetentionJob>(
                Features.Retention.RetentionJob.Id, job => job.RunAsync(CancellationToken.None), Cron.Daily(3, 30),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(Data.MunicipalClock.DefaultTimeZone) });
        }
    }

    /// <summary>Hangfire's connections come from the application's data source (same pool and settings as EF Core).</summary>
    private sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}

/// <summary>
/// The dashboard is for municipality administrators and the platform operator, signed in to the web UI.
/// The principal is the one the authentication middleware produced, so its roles were derived from the
/// roster by <see cref="RosterClaimsTransformation"/> in this request. Hangfire answers 401 to anonymous
/// callers and 403 to signed-in people without either role.
/// </summary>
internal sealed class DashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return Task.FromResult(user.Identity?.IsAuthenticated == true
            && (user.IsInRole(Roles.PlatformOperator) || user.IsInRole(Roles.MunicipalityAdmin)));
    }
}
