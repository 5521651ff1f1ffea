using System.Text.Json.Serialization;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.ClassLists;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Demo;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Identity.External;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Notifications.WebPush;
using Meldebok.Server.Features.Pupils;
using Meldebok.Server.Features.Retention;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Infrastructure.ScaleOut;
using Meldebok.Server.Infrastructure.Jobs;
using Meldebok.Server.Infrastructure.Observability;
using Meldebok.Server.Infrastructure.Security;
using Meldebok.Server.Web;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

// `Meldebok.Server migrate` applies the database migrations and exits; `seed-demo` adds a demo municipality
// (Features/Demo/DemoCommand.cs) and exits; `create-account` adds a local account (Features/Identity/LocalAccounts.cs)
// and exits; `aggregate-usage` aggregates the usage statistics (Features/Usage/UsageCommand.cs) and exits; `retention` enforces or reports the retention
// periods (Features/Retention/RetentionCommand.cs) and exits; anything else runs the server.
// `generate-vapid-keys` prints a key pair for Web Push (Features/Notifications/NotificationsSetup.cs) and exits.
if (NotificationsSetup.TryGenerateVapidKeys(args, Console.Out) is { } keysExitCode) return keysExitCode;
var migrateOnly = args is ["migrate", ..];
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);

builder.AddMeldebokTelemetry();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddMeldebokDatabase();
builder.Services.AddMeldebokProblemDetails();
// Enums travel as their names ("SfoGroup"), in bodies and in the OpenAPI document.
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.AddMeldebokIdentity();
builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "Meldebok API";
    document.Info.Description = "Digital meldebok mellom hjem og skole/SFO.";
    return Task.CompletedTask;
}));
builder.Services.AddRoster();
builder.Services.AddAudit();
builder.Services.AddPupilAccess();
builder.Services.AddAbsence();
builder.AddUsage();
builder.Services.AddBenefits();
builder.Services.AddMessages();
builder.Services.AddConsents();
builder.Services.AddPickup();
builder.Services.AddSfoDay();
builder.Services.AddAttachments(builder.Configuration);
builder.Services.AddClassLists();
builder.Services.AddNotifications();
builder.Services.AddRetention();
builder.Services.AddScoped<Outbox>();
builder.AddMeldebokRealtime();
builder.AddMeldebokScaleOut();
builder.Services.AddMeldebokIdempotency();
builder.Services.AddMeldebokWebUi();
builder.AddMeldebokSecurity();
builder.AddMeldebokJobs();

var app = builder.Build();
if (await DemoCommand.TryRunAsync(app, args) is { } demoExitCode) return demoExitCode;
if (await LocalAccounts.TryRunAsync(app, args) is { } accountExitCode) return accountExitCode;
if (await UsageCommand.TryRunAsync(app, args) is { } usageExitCode) return usageExitCode;
if (await RetentionCommand.TryRunAsync(app, args) is { } retentionExitCode) return retentionExitCode;

if (migrateOnly)
{
    var exitCode = await app.MigrateAsync();
    app.Services.GetService<Meldebok.Server.Infrastructure.LocalPostgres.LocalPostgresCluster>()?.Stop();
    return exitCode;
}

await app.PrepareDatabaseAsync();
await app.SeedDemoOnFirstDevelopmentStartAsync();

app.UseMeldebokCorrelationId();
app.UseMeldebokForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseMeldebokSecurity();

app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapScalarApiReference("/api/docs", options => options
    .WithTitle("Meldebok API")
    .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
    .AllowAnonymous();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();

app.MapConnect();
app.MapSignOut();
app.MapExternalSignIn();

var api = app.MapGroup("/api/v1").AddIdempotency().AddRequestValidation();
api.MapRoster();
api.MapAudit();
api.MapPupilAccess();
api.MapAbsence();
api.MapUsage();
api.MapBenefits();
api.MapMessages();
api.MapNotificationSettings();
api.MapPushSubscriptions();
api.MapConsents();
api.MapPickup();
api.MapSfoDay();
api.MapAttachments();
api.MapClassLists();
api.MapEvents();
api.MapRetention();

app.MapMeldebokRealtime();
app.MapMeldebokWebUi();
app.MapMeldebokJobs();
app.LogNotificationChannels();

await app.RunAsync();
return 0;

/// <summary>The entry point; public so that the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
