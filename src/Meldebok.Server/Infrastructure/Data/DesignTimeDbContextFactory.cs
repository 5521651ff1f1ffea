using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Meldebok.Server.Infrastructure.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the host (which would start
/// the embedded PostgreSQL). Adding a migration never connects to the database.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MeldebokDbContext>
{
    public MeldebokDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MeldebokDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=meldebok_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);
}
