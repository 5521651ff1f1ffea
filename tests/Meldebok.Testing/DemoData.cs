using Meldebok.Server.Features.Demo;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Testing;

/// <summary>A demo municipality in a test server's database, put there by the product's own seeder.</summary>
internal static class DemoData
{
    /// <summary>Seeds through the product's own seeder, as the seed-demo verb and the Development start do.</summary>
    public static async Task<DemoSeedResult> SeedAsync(MeldebokApp app, DemoSize size, int seed)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync(size, seed, CancellationToken.None);
    }

    /// <summary>
    /// Seeds the small demo municipality and gives its demo people local accounts with <see cref="DemoSignIns.Password"/>,
    /// as the Development start does (<c>SeedDemoOnFirstDevelopmentStartAsync</c>); returns the demo sign-ins.
    /// </summary>
    public static async Task<IReadOnlyList<DemoSignIn>> SeedWithAccountsAsync(MeldebokApp app)
    {
        var seeded = await SeedAsync(app, DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
        var signIns = await DemoSignIns.ListAsync(db, seeded.MunicipalityId, CancellationToken.None);
        await DemoSignIns.EnsureAccountsAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), signIns, CancellationToken.None);
        return signIns;
    }
}
