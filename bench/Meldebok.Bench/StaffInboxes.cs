using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meldebok.Bench;

/// <summary>
/// Staff inboxes kept open on the real-time hub during the rush, as the office and the contact teachers have
/// them at 07:30: records each notice they are told of and how long after its commit the push arrived.
/// </summary>
internal sealed class StaffInboxes : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    // The first push of each notice: how long after its commit it reached an inbox.
    private readonly ConcurrentDictionary<Guid, double> _firstPushDelayMs = new();
    private long _events;

    public long Events => Interlocked.Read(ref _events);

    /// <summary>The push delay of the notice, or null while no inbox has been told of it.</summary>
    public double? PushDelayMs(Guid noticeId) => _firstPushDelayMs.TryGetValue(noticeId, out var delay) ? delay : null;

    public static async Task<StaffInboxes> OpenAsync(Uri server, IEnumerable<string> accessTokens, CancellationToken ct)
    {
        var inboxes = new StaffInboxes();
        foreach (var token in accessTokens)
        {
            var connection = HubClients.Connect(server, token);
            connection.On<JsonElement>("event", inboxes.Receive);
            await connection.StartAsync(ct);
            inboxes._connections.Add(connection);
        }

        return inboxes;
    }

    private void Receive(JsonElement message)
    {
        Interlocked.Increment(ref _events);
        if (message.GetProperty("type").GetString() != "absence.reported")
        {
            return;
        }

        var delay = (DateTimeOffset.UtcNow - message.GetProperty("occurredAt").GetDateTimeOffset()).TotalMilliseconds;
        _firstPushDelayMs.TryAdd(message.GetProperty("data").GetProperty("noticeId").GetGuid(), delay);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
