using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.LocalPostgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Meldebok.Testing;

/// <summary>
/// The one PostgreSQL of a test run (DESIGN.md §6): <c>MELDEBOK_TEST_DATABASE</c> if set, else a
/// Testcontainers container when a Docker engine answers, else a throwaway cluster from the local
/// binaries. The schema is migrated once into a template; each test class clones its own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string TemplateName = "meldebok_template";
    private readonly SemaphoreSlim _cloneLock = new(1, 1);
    private LocalPostgresCluster? _cluster;
    private string? _clusterDirectory;
    private PostgreSqlContainer? _container;
    private string _adminConnectionString = "";

    public string Source { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable("MELDEBOK_TEST_DATABASE") is { Length: > 0 } configured
            ? UseConfigured(configured)
            : await TryStartContainerAsync() ?? StartLocalCluster();

        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await Execute(admin, $"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)");
            await Execute(admin, $"CREATE DATABASE {TemplateName}");
        }

        var options = new DbContextOptionsBuilder<MeldebokDbContext>()
            .UseNpgsql(ConnectionStringFor(TemplateName), o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        await using (var db = new MeldebokDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Creates a fresh database, already migrated, and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "test_" + Guid.NewGuid().ToString("N")[..16];
        await _cloneLock.WaitAsync();
        try
        {
            await using var admin = new NpgsqlConnection(_adminConnectionString);
            await admin.OpenAsync();
            await Execute(admin, $"CREATE DATABASE {name} TEMPLATE {TemplateName}");
        }
        finally
        {
            _cloneLock.Release();
        }

        return ConnectionStringFor(name);
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database, Pooling = true }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_cluster is not null)
        {
            _cluster.Stop();
            TryDelete(_clusterDirectory);
        }

        _cloneLock.Dispose();
    }

    private string UseConfigured(string connectionString)
    {
        Source = "MELDEBOK_TEST_DATABASE";
        return connectionString;
    }

    private async Task<string?> TryStartContainerAsync()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(dockerHost) && !File.Exists("/var/run/docker.sock"))
        {
            return null;
        }

        try
        {
            _container = new PostgreSqlBuilder("postgres:15-alpine").WithCommand("-c", "fsync=off").Build();
            await _container.StartAsync();
            Source = "Testcontainers";
            return new NpgsqlConnectionStringBuilder(_container.GetConnectionString()) { Database = "postgres" }.ConnectionString;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The Docker client is there but no engine answers: fall back to the local binaries.
            if (_container is not null)
            {
                await _container.DisposeAsync();
            }

            _container = null;
            return null;
        }
    }

    private string StartLocalCluster()
    {
        _clusterDirectory = Path.Combine(Path.GetTempPath(), "meldebok-tests-" + Guid.NewGuid().ToString("N")[..8]);
        _cluster = LocalPostgresCluster.Start(Path.Combine(_clusterDirectory, "data"), NullLogger.Instance, durable: false);
        Source = "local cluster";
        return _cluster.ConnectionString();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void TryDelete(string? directory)
    {
        try
        {
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
