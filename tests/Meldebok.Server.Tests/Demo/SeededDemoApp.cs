using Meldebok.Server.Features.Demo;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Demo;

/// <summary>A test server whose database holds the small demo municipality, seeded once for the test class.</summary>
public sealed class SeededDemoApp(PostgresServer postgres) : IAsyncLifetime
{
    public MeldebokApp App { get; } = new(postgres);

    internal DemoSeedResult Seeded { get; private set; } = null!;

    public Guid MunicipalityId => Seeded.MunicipalityId;

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        Seeded = await SeedAsync(App, DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed);
    }

    /// <summary>Seeds through the product's own seeder, as the seed-demo verb and the Development start do.</summary>
    internal static Task<DemoSeedResult> SeedAsync(MeldebokApp app, DemoSize size, int seed) => DemoData.SeedAsync(app, size, seed);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
