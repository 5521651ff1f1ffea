using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Meldebok.Server.Tests.Platform;

/// <summary>The `migrate` verb, and Production's refusal to run on a database behind the code.</summary>
public sealed class MigrationTests(PostgresServer postgres)
{
    [Fact]
    public async Task Production_refuses_to_start_on_an_unmigrated_database_and_says_to_run_migrate()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        using var factory = new ProductionServer(connectionString);
        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = exception.GetBaseException().Message;
        Assert.Contains("migrate", message, StringComparison.Ordinal);
        Assert.Contains("pending", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_connection_string_and_names_the_setting()
    {
        using var factory = new ProductionServer("");
        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("ConnectionStrings:Meldebok", exception.GetBaseException().Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Production_refuses_to_start_without_token_certificates_and_names_the_settings()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        using var factory = new ProductionServer(connectionString, withCertificates: false);
        await MigrateAsync(connectionString);
        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Auth:SigningCertificate", exception.GetBaseException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_verb_of_the_built_server_applies_every_migration_and_exits()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        var output = await MigrateAsync(connectionString);
        Assert.Contains("the database is up to date", output, StringComparison.Ordinal);

        // The server now starts in Production on that database.
        using var factory = new ProductionServer(connectionString);
        var ready = await factory.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken);
        await ready.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task Migrate_verb_runs_a_statement_longer_than_the_connections_command_timeout_under_its_own_timeout()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        // Creating the usage actor months (a migration that also rewrites a year of figures) now takes 4 s; the connection's
        // statements time out after 2 s.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var slow = new NpgsqlCommand("""
                CREATE FUNCTION slow_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity = 'public.usage_actor_months') THEN
                    PERFORM pg_sleep(4);
                  END IF;
                END $$;
                CREATE EVENT TRIGGER slow_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION slow_ddl();
                """, connection);
            await slow.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var output = await MigrateAsync(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 2 }.ConnectionString);

        Assert.Contains("the database is up to date", output, StringComparison.Ordinal);
    }

    private static async Task<string> MigrateAsync(string connectionString)
    {
        var serverDirectory = AppContext.BaseDirectory;
        var startInfo = new ProcessStartInfo("dotnet", [Path.Combine(serverDirectory, "Meldebok.Server.dll"), "migrate"])
        {
            WorkingDirectory = serverDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["ConnectionStrings__Meldebok"] = connectionString;

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output} {await error}");
        return await output;
    }

    private async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = "empty_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new NpgsqlConnection(postgres.ConnectionStringFor("postgres"));
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return postgres.ConnectionStringFor(name);
    }

    private sealed class ProductionServer(string connectionString, bool withCertificates = true) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.UseSetting("ConnectionStrings:Meldebok", connectionString);
            builder.UseSetting("Usage:PseudonymKey", MeldebokApp.TestPseudonymKey);
            if (withCertificates)
            {
                builder.UseSetting("Auth:SigningCertificate", TestCertificates.Pkcs12Base64("signing", X509KeyUsageFlags.DigitalSignature));
                builder.UseSetting("Auth:EncryptionCertificate", TestCertificates.Pkcs12Base64("encryption", X509KeyUsageFlags.KeyEncipherment));
            }
        }
    }
}
