using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Pupils;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Meldebok.Server.Tests.Realtime;

/// <summary>A process that commits outbox events but never publishes them, as one stopped right after commit.</summary>
public sealed class StoppedPublisherApp(PostgresServer postgres) : MeldebokApp(postgres)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Realtime:PublisherEnabled", "false");
    }
}

public sealed class OutboxRestartTests(StoppedPublisherApp app) : IClassFixture<StoppedPublisherApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_committed_by_a_stopped_process_are_published_and_delivered_after_restart()
    {
        var world = await app.ArrangeWorldAsync();
        var guardian = await app.GuardianAccountAsync(world.GuardianA);
        var first = await app.EnqueueAsync(world.Admin.MunicipalityId, Audiences.PupilGuardians(world.PupilA));
        var second = await app.EnqueueAsync(world.Admin.MunicipalityId, Audiences.PupilGuardians(world.PupilA));
        var notForThem = await app.EnqueueAsync(world.Admin.MunicipalityId, Audiences.PupilGuardians(world.PupilB));
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        Assert.Equal(3, await app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Sequence == null && e.PublishedAt == null, Ct)));

        // Hold the publishers' lock until the guardian is connected to the restarted process, so that the
        // events left behind are pushed to that connection and not published before it exists.
        await using var lockConnection = new NpgsqlConnection(app.ConnectionString);
        await lockConnection.OpenAsync(Ct);
        var held = await lockConnection.BeginTransactionAsync(Ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({OutboxPublisher.SequenceLock})", lockConnection, held))
        {
            await take.ExecuteNonQueryAsync(Ct);
        }

        await using var restarted = app.WithWebHostBuilder(builder => builder.UseSetting("Realtime:PublisherEnabled", "true"));
        await using var client = await HubClient.ConnectAsync(restarted, guardian);
        Assert.Equal(0, client.Welcome!.LastSequence);
        Assert.Equal(3, await app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Sequence == null, Ct)));
        await held.CommitAsync(Ct);

        var firstPushed = await client.WaitForAsync(OutboxArrange.Type, first);
        var secondPushed = await client.WaitForAsync(OutboxArrange.Type, second);
        Assert.True(firstPushed.Sequence < secondPushed.Sequence);
        var sentinel = await restarted.EnqueueAsync(null, Audiences.Account(guardian.AccountId!.Value));
        await client.WaitForAsync(OutboxArrange.Type, sentinel);
        Assert.Equal(0, client.CountOf(OutboxArrange.Type, notForThem));
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Sequence == null || e.PublishedAt == null, Ct)));
    }
}
