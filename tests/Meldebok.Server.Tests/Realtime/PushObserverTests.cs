using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Pupils;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Realtime;

/// <summary>A server with a push observer that fails on every event.</summary>
public sealed class FailingObserverApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    internal FailingObserver Observer { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IRealtimePushObserver>(Observer));
    }
}

/// <summary>Throws on every event it is told of, and counts them.</summary>
internal sealed class FailingObserver : IRealtimePushObserver
{
    private int told;

    public int Told => Volatile.Read(ref told);

    public void Pushing(PublishedEvent published)
    {
        Interlocked.Increment(ref told);
        throw new InvalidOperationException("A failing observer.");
    }
}

public sealed class PushObserverTests(FailingObserverApp app) : IClassFixture<FailingObserverApp>
{
    [Fact]
    public async Task An_observer_that_fails_is_told_and_the_event_is_pushed_all_the_same()
    {
        var world = await app.ArrangeWorldAsync();
        var guardian = await app.GuardianAccountAsync(world.GuardianA);
        await using var client = await HubClient.ConnectAsync(app, guardian);

        var marker = await app.EnqueueAsync(world.Admin.MunicipalityId, Audiences.PupilGuardians(world.PupilA));

        await client.WaitForAsync(OutboxArrange.Type, marker);
        Assert.True(app.Observer.Told > 0);
    }
}
