using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Demo;

/// <summary>The first start in Development seeds the demo municipality, and the home page lists the demo sign-ins.</summary>
public sealed class DemoDevelopmentStartTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_development_start_seeds_the_demo_municipality_once_and_the_home_page_lists_the_sign_ins()
    {
        var page = await HomePageInDevelopmentAsync(app);

        Assert.Contains("""<html lang="nb">""", page, StringComparison.Ordinal);
        Assert.Contains("""<h2 id="demo-brukere">Demobrukere</h2>""", page, StringComparison.Ordinal);
        Assert.Contains("<caption>Demobrukere i Fjordvik kommune</caption>", page, StringComparison.Ordinal);
        Assert.Contains("""<th scope="col">Brukernavn</th>""", page, StringComparison.Ordinal);
        Assert.Contains("""<tr><th scope="row">Kari Nordmann</th><td>Foresatt</td><td><code>kari.nordmann@demo.meldebok.example</code></td>""", page, StringComparison.Ordinal);
        Assert.Contains("<td>Kontaktlærer</td><td><code>silje.haugland@fjordvik.kommune.no</code></td>", page, StringComparison.Ordinal);
        Assert.Contains(Meldebok.Server.Features.Demo.DemoSignIns.Password, page, StringComparison.Ordinal);
        Assert.Equal(8, page.Split("""<th scope="row">""").Length - 1);

        var pupils = await app.WithDbAsync(db => db.Pupils.CountAsync(Ct));
        Assert.InRange(pupils, 200, 900);
        await HomePageInDevelopmentAsync(app);

        Assert.Equal(["Fjordvik kommune"], await app.WithDbAsync(db => db.Municipalities.Select(m => m.Name).ToListAsync(Ct)));
        Assert.Equal(pupils, await app.WithDbAsync(db => db.Pupils.CountAsync(Ct)));
    }

    /// <summary>Starts the server in Development against the class's database, as `dotnet run` does, and fetches the home page.</summary>
    internal static async Task<string> HomePageInDevelopmentAsync(MeldebokApp app)
    {
        using var development = app.WithWebHostBuilder(builder => builder.UseEnvironment("Development"));
        return await development.CreateClient().GetStringAsync("/", Ct);
    }
}

/// <summary>A Development database that already has a municipality is left as it is.</summary>
public sealed class DemoDevelopmentStartWithDataTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Development_start_does_not_seed_a_database_that_has_a_municipality()
    {
        await app.CreateMunicipalityAsync("Egen kommune");

        var page = await DemoDevelopmentStartTests.HomePageInDevelopmentAsync(app);

        Assert.Equal(["Egen kommune"], await app.WithDbAsync(db => db.Municipalities.Select(m => m.Name).ToListAsync(Ct)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Pupils.CountAsync(Ct)));
        Assert.Contains("<h1>Velkommen til Meldebok</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Demobrukere", page, StringComparison.Ordinal);
    }
}
