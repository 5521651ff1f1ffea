using Microsoft.AspNetCore.SignalR;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>An event the outbox publisher has given its sequence, with the audiences it goes to.</summary>
internal sealed record PublishedEvent(RealtimeEvent Event, string[] Audiences);

/// <summary>
/// Carries published events to the hub connections that should get them. One replica: straight to this process's
/// connections (<see cref="LocalRealtimeFanout"/>); several replicas: through Redis to every replica, each of which pushes to
/// its own connections (<see cref="ScaleOut.RedisRealtimeFanout"/>).
/// </summary>
internal interface IRealtimeFanout
{
    /// <summary>Delivers <paramref name="events"/> (in sequence order) to every connection in one of each event's audiences, once.</summary>
    Task PublishAsync(IReadOnlyList<PublishedEvent> events, CancellationToken ct);
}

/// <summary>
/// Told of each published event just before this process pushes it to its connections, so that a feature can start the read
/// the receivers are about to ask for (<see cref="Features.Sfo.SfoBoardPrefetch"/>). Called on the publisher's path: start
/// work, never wait for it. An observer that throws is logged and the event is pushed all the same.
/// </summary>
internal interface IRealtimePushObserver
{
    void Pushing(PublishedEvent published);
}

/// <summary>Pushes events to the connections of this process only.</summary>
internal sealed partial class LocalRealtimeFanout(
    IHubContext<MeldebokHub> hub, RealtimeConnections connections, IEnumerable<IRealtimePushObserver> observers, ILogger<LocalRealtimeFanout> logger)
    : IRealtimeFanout
{
    private readonly IRealtimePushObserver[] observers = [.. observers];

    public async Task PublishAsync(IReadOnlyList<PublishedEvent> events, CancellationToken ct)
    {
        foreach (var published in events)
        {
            var (message, audiences) = published;
            foreach (var observer in observers)
            {
                try
                {
                    observer.Pushing(published);
                }
                catch (Exception exception)
                {
                    LogObserverFailed(logger, exception, observer.GetType().Name, message.Type, message.Sequence);
                }
            }

            var receivers = connections.In(audiences);
            if (receivers.Count == 0)
            {
                continue;
            }

            // Each receiver is written directly (Client(id)). The receivers are always local, and both lifetime managers do
            // worse with Clients(ids): SignalR's default one walks every connection of the process and tests it against the
            // list (at the afternoon rush, 4 % of the server's CPU went to that walk of a thousand connections per event), and
            // the Redis backplane's publishes one Redis message per connection even for local ones.
            await Task.WhenAll(receivers.Select(id => hub.Clients.Client(id).SendAsync(MeldebokHub.EventMethod, message, ct)));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Observer} failed on event {Type} {Sequence}; the event is pushed all the same")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, string type, long sequence);
}
