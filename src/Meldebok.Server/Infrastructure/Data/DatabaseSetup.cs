using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.LocalPostgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Meldebok.Server.Infrastructure.Data;

/// <summary>Database settings. The connection string itself is <c>ConnectionStrings:Meldebok</c>.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Meldebok";

    /// <summary>
    /// Where the embedded development PostgreSQL keeps its data when no connection string is set.
    /// Relative paths are relative to the content root.
    /// </summary>
    [Required]
    public string EmbeddedDataDirectory { get; set; } = ".meldebok/postgres";

    /// <summary>
    /// The folder with the PostgreSQL binaries for the embedded database. Empty: found on PATH or under
    /// /usr/lib/postgresql/&lt;version&gt;/bin.
    /// </summary>
    public string? EmbeddedBinDirectory { get; set; }

    /// <summary>
    /// How many statements each connection keeps prepared on the server (Npgsql's automatic preparation): a statement run
    /// often (five times by default) is parsed and planned once per connection instead of once per execution. Used when the
    /// connection string does not set <c>Max Auto Prepare</c> itself; 0 turns it off (e.g. behind a transaction-mode pooler).
    /// </summary>
    [Range(0, 10_000)]
    public int MaxAutoPrepare { get; set; } = DefaultMaxAutoPrepare;

    public const int DefaultMaxAutoPrepare = 128;

    /// <summary>
    /// PostgreSQL's JIT compilation of the application's queries. Off by default (<c>-c jit=off</c> in the connection's
    /// options): PostgreSQL compiles a query whose estimated cost passes <c>jit_above_cost</c> anew at every execution, and
    /// the SFO board's query took about 1.1 s to compile against 24 ms to run (the afternoon-rush benchmark). true leaves
    /// the server's own setting; a connection string whose <c>Options</c> set <c>jit</c> wins either way.
    /// </summary>
    public bool Jit { get; set; }

    /// <summary>Apply migrations at start-up. On in Development (appsettings.Development.json), off elsewhere.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>
    /// The timeout of each statement of a migration, in seconds, instead of the connection's (30 s by default): a migration
    /// that rewrites a table of millions of rows (such as a year of usage figures) takes minutes.
    /// </summary>
    [Range(30, 86_400)]
    public int MigrationCommandTimeoutSeconds { get; set; } = 3600;
}

internal static class DatabaseSetup
{
    /// <summary>
    /// Registers the DbContext. In Development without a connection string, starts the embedded
    /// PostgreSQL first and points the connection string at it.
    /// </summary>
    public static void AddMeldebokDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new OptionsValidationException(
                    $"ConnectionStrings:{DatabaseOptions.ConnectionStringName}", typeof(DatabaseOptions),
                    [$"The setting ConnectionStrings:{DatabaseOptions.ConnectionStringName} (environment variable ConnectionStrings__{DatabaseOptions.ConnectionStringName}) is required outside Development."]);
            }

            connectionString = StartEmbeddedPostgres(builder);
        }

        var settings = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var tuned = WithoutResetOnClose(WithAutoPrepare(connectionString, settings.MaxAutoPrepare));
        builder.Services.AddSingleton(new NpgsqlDataSourceBuilder(settings.Jit ? tuned : WithoutJit(tuned)).Build());
        builder.Services.AddDbContextPool<MeldebokDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetRequiredService<MunicipalityProfileInterceptor>()));
        builder.Services.AddSingleton<MunicipalityProfiles>();
        builder.Services.AddSingleton<MunicipalityProfileInterceptor>();
        builder.Services.AddScoped<MunicipalClock>();
        builder.Services.AddScoped<AfterCommit>();
        builder.Services.AddHealthChecks().AddDbContextCheck<MeldebokDbContext>("database", tags: ["ready"]);
    }

    /// <summary>
    /// The connection string with Npgsql's automatic preparation switched on (<paramref name="maxAutoPrepare"/> statements per
    /// connection), unless it sets <c>Max Auto Prepare</c> itself. The morning-rush benchmark measured 184 → 234 reports/s
    /// from this alone: the request path's larger queries are no longer planned on every execution.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString, int maxAutoPrepare) =>
        Sets(connectionString, "MaxAutoPrepare") ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = maxAutoPrepare }.ConnectionString;

    /// <summary>
    /// The connection string with Npgsql's reset of a connection returned to the pool switched off (<c>No Reset On Close</c>),
    /// unless it sets that itself. The reset is seven statements (<c>CLOSE ALL</c>, <c>RESET ALL</c>, <c>UNLISTEN *</c>, …)
    /// sent before the next command on the connection, and EF Core returns the connection after each query outside a
    /// transaction: 9 000 resets in the afternoon rush's 20 s. The application leaves no session state behind to reset: its
    /// settings are <c>SET LOCAL</c> or <c>set_config(…, true)</c>, its temporary table is dropped at commit, its advisory
    /// locks are transaction locks, and nothing listens on a pooled connection. In the one benchmark run that compared it
    /// (beside two without), PostgreSQL's CPU was 0.45 cores against 0.51–0.56; runs of the afternoon rush spread widely, so
    /// that is one sign, not a measured gain (README, runs of 2026-12-07 14:27–15:02 UTC).
    /// </summary>
    internal static string WithoutResetOnClose(string connectionString) =>
        Sets(connectionString, "NoResetOnClose") ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;

    /// <summary>Whether the connection string writes <paramref name="keyword"/> (without spaces) itself.</summary>
    private static bool Sets(string connectionString, string keyword)
    {
        // NpgsqlConnectionStringBuilder answers ContainsKey for every keyword it knows, so look at the keys as written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return written.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The connection string with PostgreSQL's JIT compilation off for its sessions (a startup option, no extra round trip),
    /// unless its <c>Options</c> already set <c>jit</c>.
    /// </summary>
    internal static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options is { } options && options.Contains("jit", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        return builder.ConnectionString;
    }

    private static string StartEmbeddedPostgres(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataDirectory = Path.Combine(builder.Environment.ContentRootPath, options.EmbeddedDataDirectory);
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
        var cluster = LocalPostgresCluster.Start(
            dataDirectory, loggerFactory.CreateLogger<LocalPostgresCluster>(), binDirectory: NullIfEmpty(options.EmbeddedBinDirectory));
        builder.Services.AddSingleton(cluster);
        builder.Services.AddHostedService<EmbeddedPostgresLifetime>();

        var databaseName = "meldebok";
        EnsureDatabase(cluster.ConnectionString(), databaseName);
        return cluster.ConnectionString(databaseName);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static void EnsureDatabase(string maintenanceConnectionString, string database)
    {
        using var connection = new NpgsqlConnection(maintenanceConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Applies pending migrations when configured to, and otherwise refuses to run on a database that
    /// is behind the code: a half-migrated schema would fail later in ways that are hard to read.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
        if (options.MigrateOnStart)
        {
            await MigrateUnderItsOwnTimeoutAsync(db, options);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database is behind this version of Meldebok ({pending.Count} migration(s) pending, the first being {pending[0]}). " +
                "Run the server's migrate verb first: `Meldebok.Server migrate` (or `dotnet run --project src/Meldebok.Server -- migrate`).");
        }
    }

    /// <summary>Applies every pending migration, each statement under <see cref="DatabaseOptions.MigrationCommandTimeoutSeconds"/>.</summary>
    private static Task MigrateUnderItsOwnTimeoutAsync(MeldebokDbContext db, DatabaseOptions options)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromSeconds(options.MigrationCommandTimeoutSeconds));
        return db.Database.MigrateAsync();
    }

    /// <summary>The <c>migrate</c> verb: apply every pending migration and exit.</summary>
    public static async Task<int> MigrateAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Meldebok.Migrate");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await MigrateUnderItsOwnTimeoutAsync(db, app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        logger.LogInformation("Applied {Count} migration(s); the database is up to date", pending.Count);
        return 0;
    }
}

/// <summary>Stops the embedded PostgreSQL when the host shuts down.</summary>
internal sealed class EmbeddedPostgresLifetime(LocalPostgresCluster cluster) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cluster.Stop();
        return Task.CompletedTask;
    }
}
