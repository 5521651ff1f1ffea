using System.Text.Json;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Meldebok.Server.Infrastructure.ScaleOut;

/// <summary>
/// Fans published events out to every replica: the replica whose publisher claimed a batch publishes it once on the Redis
/// channel <c>&lt;prefix&gt;:outbox</c>; every replica (itself included) receives it and pushes each event to its own hub
/// connections, once per connection (<see cref="LocalRealtimeFanout"/>). One Redis message per batch, not one per
/// connection, and a connection in several of an event's audiences still gets it once — SignalR's group sends through the
/// backplane would deliver it once per group. Redis pub/sub keeps no messages: a replica that misses one (Redis or the
/// replica was away) leaves its clients to catch up through <c>GET /api/v1/events</c>, as after any reconnect. When
/// publishing fails, the batch still reaches this replica's own connections.
/// </summary>
internal sealed partial class RedisRealtimeFanout(
    RedisConnection redis,
    LocalRealtimeFanout local,
    IOptions<RealtimeOptions> options,
    ILogger<RedisRealtimeFanout> logger) : BackgroundService, IRealtimeFanout
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RedisChannel Channel => RedisChannel.Literal(options.Value.RedisChannelPrefix + ":outbox");

    public async Task PublishAsync(IReadOnlyList<PublishedEvent> events, CancellationToken ct)
    {
        try
        {
            var multiplexer = await redis.GetAsync();
            await multiplexer.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(events, Json));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, exception, events.Count);
            await local.PublishAsync(events, ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ChannelMessageQueue? queue = null;
        while (queue is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await redis.GetAsync();
                queue = await multiplexer.GetSubscriber().SubscribeAsync(Channel);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }

        if (queue is null)
        {
            return;
        }

        // Handled one at a time, in the order Redis delivers them (the order they were published in).
        queue.OnMessage(async message =>
        {
            try
            {
                var events = JsonSerializer.Deserialize<PublishedEvent[]>(message.Message.ToString(), Json) ?? [];
                await local.PublishAsync(events, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPushFailed(logger, exception);
            }
        });

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            await queue.UnsubscribeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} real-time event(s) to Redis failed; pushed to this replica's connections only")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the real-time channel in Redis failed; retrying in 5 s")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pushing real-time events received from Redis failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
