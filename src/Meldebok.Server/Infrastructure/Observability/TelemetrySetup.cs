using System.Reflection;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Meldebok.Server.Infrastructure.Observability;

/// <summary>
/// Logs, traces and metrics. Console logs are JSON outside Development (switch with <c>Logging:Console:FormatterName</c>)
/// and carry their scopes, among them the request's correlation id. OpenTelemetry runs only when an OTLP endpoint is
/// configured (<c>Telemetry:OtlpEndpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); then traces (ASP.NET Core, HttpClient,
/// Npgsql and Meldebok's jobs), metrics (Meldebok's meter, ASP.NET Core, SignalR connections, HttpClient, Npgsql, the runtime)
/// and logs go there over OTLP.
/// </summary>
internal static class TelemetrySetup
{
    public const string ServiceName = "meldebok";
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The built-in meters exported beside Meldebok's own.</summary>
    public static readonly string[] BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "System.Runtime",
    ];

    public static void AddMeldebokTelemetry(this WebApplicationBuilder builder)
    {
        ConfigureConsoleLogging(builder);
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<JobQueueStatistics>();
        builder.Services.AddSingleton<MeldebokTelemetry>();
        builder.Services.AddHostedService<TelemetryInstruments>();
        CorrelationJobFilter.Register();

        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var standardEndpoint = builder.Configuration[StandardEndpointVariable];
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint) && string.IsNullOrWhiteSpace(standardEndpoint))
        {
            return;
        }

        var version = typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName, serviceVersion: version))
            .WithTracing(tracing => tracing
                // Probes of the orchestrator every few seconds are noise, not traffic.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(MeldebokTelemetry.SourceName))
            .WithMetrics(metrics => metrics
                .AddMeter(MeldebokTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(BuiltInMeters));
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            telemetry.UseOtlpExporter(options.OtlpProtocol, new Uri(options.OtlpEndpoint));
        }
        else
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>
    /// One console logger whose format is <c>Logging:Console:FormatterName</c> (<c>json</c>, <c>simple</c>, <c>systemd</c>);
    /// unset, JSON outside Development and the readable simple format in it. JSON lines carry their scopes unless
    /// <c>Logging:Console:FormatterOptions:IncludeScopes</c> is false, so that every line of a request has its correlation id;
    /// the simple format shows them when that setting is true.
    /// </summary>
    private static void ConfigureConsoleLogging(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        if (!development)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole();
        }

        builder.Services.Configure<ConsoleLoggerOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(configuration["Logging:Console:FormatterName"]))
            {
                o.FormatterName = development ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json;
            }
        });
        var includeScopes = configuration.GetValue("Logging:Console:FormatterOptions:IncludeScopes", true);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = includeScopes);
    }

    /// <summary>Creates the observable instruments when the host starts, so that the gauges exist before anything asks for them.</summary>
    private sealed class TelemetryInstruments(MeldebokTelemetry telemetry) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(telemetry);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
