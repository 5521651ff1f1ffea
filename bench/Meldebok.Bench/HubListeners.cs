using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meldebok.Bench;

/// <summary>
/// Clients kept open on the real-time hub during a rush — staff inboxes at 07:30, SFO boards and guardians' phones at
/// 16:00: records the first push of each event of one type (keyed by a property of its data) and how long after its
/// commit it arrived, and lets a client react to every event it is told of (a board fetches itself again).
/// </summary>
internal sealed class HubListeners : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly string _eventType;
    private readonly string _keyProperty;
    // The first push of each event: how long after its commit it reached a client, and when.
    private readonly ConcurrentDictionary<Guid, (double DelayMs, DateTimeOffset ReceivedAt)> _firstPush = new();
    private long _events;

    private HubListeners(string eventType, string keyProperty)
    {
        _eventType = eventType;
        _keyProperty = keyProperty;
    }

    public long Events => Interlocked.Read(ref _events);

    /// <summary>The push delay (commit → client) of the event with this key, or null while no client has been told of it.</summary>
    public double? PushDelayMs(Guid key) => _firstPush.TryGetValue(key, out var push) ? push.DelayMs : null;

    /// <summary>When the first client was told of the event with this key, or null.</summary>
    public DateTimeOffset? ReceivedAt(Guid key) => _firstPush.TryGetValue(key, out var push) ? push.ReceivedAt : null;

    /// <summary>
    /// Connects one client per access token over WebSockets. <paramref name="onEvent"/> is called with the client's
    /// index for every event that client receives, of any type.
    /// </summary>
    public static async Task<HubListeners> OpenAsync(
        Uri server, IEnumerable<string> accessTokens, string eventType, string keyProperty, Action<int>? onEvent, CancellationToken ct)
    {
        var listeners = new HubListeners(eventType, keyProperty);
        var index = 0;
        foreach (var token in accessTokens)
        {
            var client = index++;
            var connection = HubClients.Connect(server, token);
            connection.On<JsonElement>("event", message =>
            {
                listeners.Receive(message);
                onEvent?.Invoke(client);
            });
            await connection.StartAsync(ct);
            listeners._connections.Add(connection);
        }

        return listeners;
    }

    /// <summary>Forgets the pushes received so far, so a warm-up's events do not count as the measured phase's.</summary>
    public void Forget() => _firstPush.Clear();

    /// <summary>Lets the pushes of an earlier phase drain: returns once a second has passed without an event.</summary>
    public async Task WaitForQuietAsync()
    {
        long last;
        do
        {
            last = Events;
            await Task.Delay(1000);
        }
        while (Events != last);
    }

    private void Receive(JsonElement message)
    {
        Interlocked.Increment(ref _events);
        if (message.GetProperty("type").GetString() != _eventType)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var delay = (now - message.GetProperty("occurredAt").GetDateTimeOffset()).TotalMilliseconds;
        _firstPush.TryAdd(message.GetProperty("data").GetProperty(_keyProperty).GetGuid(), (delay, now));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
