using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meldebok.Testing;

/// <summary>
/// The server under test for one test class: its own database cloned from the migrated template,
/// a <see cref="FakeTimeProvider"/>, the test sign-in and the <see cref="FaultPaths"/>. Use as
/// <c>IClassFixture&lt;MeldebokApp&gt;</c>; the browser tests derive a variant that listens on a real port.
/// </summary>
public class MeldebokApp(PostgresServer postgres) : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Monday 7 September 2026, 07:30 in Oslo: a school morning.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 9, 7, 5, 30, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(DefaultNow);

    /// <summary>The usage statistics' pseudonym secret of the test hosts.</summary>
    public const string TestPseudonymKey = "test-usage-pseudonym-key-0123456789abcdef";
    public string ConnectionString { get; private set; } = "";

    /// <summary>This host's attachment blob store: a temporary folder of its own, deleted with the host.</summary>
    public string AttachmentsPath { get; } = Path.Combine(Path.GetTempPath(), "meldebok-tests", "attachments-" + Guid.NewGuid().ToString("N"));

    public virtual async ValueTask InitializeAsync() => ConnectionString = await postgres.CreateDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Configuration rules outrank SetMinimumLevel, so quieten the host through configuration.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        // Serve wwwroot from the build output as Development does; only published output has it in place.
        builder.UseStaticWebAssets();
        builder.UseSetting($"ConnectionStrings:{DatabaseOptions.ConnectionStringName}", ConnectionString);
        // Required outside Development; set here so that the tests' Production variants of this host start too.
        builder.UseSetting("Usage:PseudonymKey", TestPseudonymKey);
        builder.UseSetting("Attachments:StoragePath", AttachmentsPath);
        // Dozens of test hosts must not poll the database; tests that need the job server turn it on.
        builder.UseSetting("Jobs:RunServer", "false");
        // All test requests share one (missing) client address; tests of the limits lower them.
        builder.UseSetting("RateLimits:SignInPermitLimit", "100000");
        builder.UseSetting("RateLimits:GuardianWritesPermitLimit", "100000");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            // Without a test header the test scheme forwards to the product's own cookie, so real sign-ins work too.
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith(TestAuthHandler.SchemeName + " ", StringComparison.Ordinal)
                        ? null
                        : IdentityConstants.ApplicationScheme);
            // The API's scheme forwards "Authorization: Test …" to the test sign-in; bearer tokens still go to OpenIddict.
            services.PostConfigure<PolicySchemeOptions>(ApiAuthentication.Scheme, options =>
            {
                var product = options.ForwardDefaultSelector;
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith(TestAuthHandler.SchemeName + " ", StringComparison.Ordinal)
                        ? TestAuthHandler.SchemeName
                        : product?.Invoke(context);
            });
            services.PostConfigure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = TestAuthHandler.SchemeName);
            services.AddTransient<IStartupFilter, FaultPaths.StartupFilter>();
        });
    }

    /// <summary>Runs <paramref name="action"/> against this class's database, for arranging data and checking rows.</summary>
    internal async Task<T> WithDbAsync<T>(Func<MeldebokDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
        return await action(db);
    }

    /// <summary>Creates a municipality directly in the database and returns its id.</summary>
    public Task<Guid> CreateMunicipalityAsync(string name = "Testvik kommune") => WithDbAsync(async db =>
    {
        var municipality = new Municipality { Name = name, OrganisationNumber = TestIdentifiers.NextOrganisationNumber() };
        db.Municipalities.Add(municipality);
        await db.SaveChangesAsync();
        return municipality.Id;
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(AttachmentsPath))
        {
            Directory.Delete(AttachmentsPath, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
