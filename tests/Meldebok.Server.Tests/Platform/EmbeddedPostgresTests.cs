using System.Net;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.LocalPostgres;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meldebok.Server.Tests.Platform;

/// <summary>
/// The development server's embedded PostgreSQL: started from the machine's binaries when no
/// connection string is set, data kept between runs, stopped on shutdown, and a clear message
/// when the binaries are missing.
/// </summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "meldebok-embedded-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task First_start_creates_a_cluster_and_a_second_start_keeps_its_data()
    {
        var dataDirectory = Path.Combine(_dataRoot, "postgres");

        await using (var first = new DevelopmentServer(dataDirectory))
        {
            var ready = await first.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken);
            await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")));
            await first.WithDbAsync(db =>
            {
                db.Municipalities.Add(new Municipality { Name = "Vedvarende kommune", OrganisationNumber = TestIdentifiers.NextOrganisationNumber() });
                return db.SaveChangesAsync();
            });
        }

        // Shutting the host down stops the cluster.
        Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")));

        await using var second = new DevelopmentServer(dataDirectory);
        var names = await second.WithDbAsync(db => db.Municipalities.Select(m => m.Name).ToListAsync());
        Assert.Contains("Vedvarende kommune", names);
    }

    [Fact]
    public void A_cluster_left_running_by_a_crashed_process_is_reused_on_its_port()
    {
        var dataDirectory = Path.Combine(_dataRoot, "crashed");
        var logger = LoggerFactory.Create(_ => { }).CreateLogger("test");
        var crashed = LocalPostgresCluster.Start(dataDirectory, logger, durable: false);
        try
        {
            var again = LocalPostgresCluster.Start(dataDirectory, logger, durable: false);
            Assert.Equal(crashed.Port, again.Port);
        }
        finally
        {
            crashed.Stop();
        }
    }

    [Fact]
    public void A_cluster_stopped_twice_leaves_a_cluster_started_since_in_its_directory_running()
    {
        var dataDirectory = Path.Combine(_dataRoot, "restarted");
        var logger = LoggerFactory.Create(_ => { }).CreateLogger("test");
        var first = LocalPostgresCluster.Start(dataDirectory, logger, durable: false);
        first.Stop();
        var second = LocalPostgresCluster.Start(dataDirectory, logger, durable: false);
        try
        {
            first.Stop();

            using var connection = new Npgsql.NpgsqlConnection(second.ConnectionString());
            connection.Open();
            using var query = new Npgsql.NpgsqlCommand("SELECT 1", connection);
            Assert.Equal(1, query.ExecuteScalar());
        }
        finally
        {
            second.Stop();
        }
    }

    [Fact]
    public void Missing_binaries_give_one_message_saying_what_to_install_or_configure()
    {
        var factory = new DevelopmentServer(Path.Combine(_dataRoot, "never"), binDirectory: Path.Combine(_dataRoot, "no-binaries-here"));
        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var unavailable = Assert.IsType<LocalPostgresUnavailableException>(exception.GetBaseException());
        Assert.Contains("apt-get install postgresql", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Meldebok", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("Database:EmbeddedBinDirectory", unavailable.Message, StringComparison.Ordinal);
        factory.Dispose();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    /// <summary>The server as `dotnet run` starts it: Development, no connection string.</summary>
    private sealed class DevelopmentServer(string dataDirectory, string? binDirectory = null) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.UseSetting("ConnectionStrings:Meldebok", "");
            builder.UseSetting("Database:EmbeddedDataDirectory", dataDirectory);
            builder.UseSetting("Database:EmbeddedBinDirectory", binDirectory ?? "");
        }

        public async Task<T> WithDbAsync<T>(Func<MeldebokDbContext, Task<T>> action)
        {
            await using var scope = Services.CreateAsyncScope();
            return await action(scope.ServiceProvider.GetRequiredService<MeldebokDbContext>());
        }
    }
}
