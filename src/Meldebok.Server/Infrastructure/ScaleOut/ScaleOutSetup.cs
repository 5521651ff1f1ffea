using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Meldebok.Server.Infrastructure.ScaleOut;

/// <summary>
/// What several replicas of the host share so that any of them can serve any request:
/// data-protection keys (sign-in cookies, antiforgery tokens, the external sign-in's state) in PostgreSQL, and — when
/// <c>Realtime:Redis</c> is set — the SignalR Redis backplane and the fan-out of published events to every replica's hub
/// connections. The token keys are shared by configuration (<c>Auth:SigningCertificate</c>, <c>Auth:EncryptionCertificate</c>)
/// and the job queue by the database (Hangfire on PostgreSQL, Infrastructure/Jobs).
/// </summary>
internal static class ScaleOutSetup
{
    /// <summary>The data-protection application name: the same on every replica whatever its content root.</summary>
    public const string ApplicationName = "Meldebok";

    public static void AddMeldebokScaleOut(this WebApplicationBuilder builder)
    {
        // Keys live in the application's database (table data_protection_keys), so every replica reads and writes the same key
        // ring; a replica that meets a key it has not loaded yet re-reads the ring.
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<MeldebokDbContext>();

        var realtime = builder.Configuration.GetSection(RealtimeOptions.Section).Get<RealtimeOptions>() ?? new RealtimeOptions();
        if (string.IsNullOrWhiteSpace(realtime.Redis))
        {
            return;
        }

        var redis = new RedisConnection(realtime.Redis);
        builder.Services.AddSingleton(redis);
        builder.Services.AddSignalR().AddStackExchangeRedis(options =>
        {
            options.Configuration.ChannelPrefix = RedisChannel.Literal(realtime.RedisChannelPrefix);
            options.ConnectionFactory = _ => redis.GetAsync();
        });
        builder.Services.AddSingleton<RedisRealtimeFanout>();
        builder.Services.AddSingleton<IRealtimeFanout>(provider => provider.GetRequiredService<RedisRealtimeFanout>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RedisRealtimeFanout>());
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
    }
}

/// <summary>One multiplexer per process for Redis, shared by the SignalR backplane and the event fan-out; connected on first use.</summary>
internal sealed class RedisConnection(string configuration) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> multiplexer = new(() => ConnectAsync(configuration));

    public Task<IConnectionMultiplexer> GetAsync() => multiplexer.Value;

    private static async Task<IConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // A replica starts (and serves the API) while Redis is away; the multiplexer keeps reconnecting in the background.
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (multiplexer.IsValueCreated)
        {
            await (await multiplexer.Value).DisposeAsync();
        }
    }
}

/// <summary>
/// Readiness reports Redis as degraded, not unhealthy, when it is unreachable: the replica still serves the API and its own
/// hub connections, and clients of other replicas catch up through <c>GET /api/v1/events</c>.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var multiplexer = await redis.GetAsync();
        return multiplexer.IsConnected
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Redis (Realtime:Redis) is not reachable; live events reach only this replica's connections.");
    }
}
