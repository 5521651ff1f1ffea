using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Platform;

/// <summary>The migrations describe the whole model: a schema change without its migration fails here, not in production.</summary>
public sealed class ModelMigrationTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task The_model_has_no_change_that_a_migration_does_not_carry()
    {
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));

        Assert.False(pending, "The model differs from the last migration's snapshot: add a migration (dotnet ef migrations add).");
    }
}
