using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>
/// The real-time hub at <see cref="RealtimeSetup.HubPath"/>. The server, never the client, decides a
/// connection's groups: on connect they are computed from the roster (<see cref="RealtimeAudiences"/>) and
/// held for the connection's lifetime. The hub has no methods a client can call; it only receives
/// <c>event</c> messages. A roster change applies from the next connection; the catch-up endpoint always
/// applies the roster as it is now. Once the connection is in its groups the client gets one
/// <c>connected</c> message with the newest published sequence: events after it will be pushed, so a
/// reconnecting client fetches what it missed up to that sequence from <c>GET /api/v1/events</c>.
/// </summary>
internal sealed class MeldebokHub(RealtimeAudiences audiences, RealtimeConnections connections, Data.MeldebokDbContext db) : Hub
{
    /// <summary>The client method every event is sent to.</summary>
    public const string EventMethod = "event";
    /// <summary>The client method told, once, that the connection receives events from now on.</summary>
    public const string ConnectedMethod = "connected";

    public override async Task OnConnectedAsync()
    {
        var groups = Context.User is { } user ? await audiences.ForAsync(user, Context.ConnectionAborted) : [];
        connections.Add(Context.ConnectionId, groups);
        var lastSequence = await db.OutboxEvents.MaxAsync(e => e.Sequence, Context.ConnectionAborted) ?? 0;
        await Clients.Caller.SendAsync(ConnectedMethod, new RealtimeConnected(lastSequence), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>
/// The hub groups of the connections to this process. SignalR's own groups would deliver an event once per
/// matching group (<c>Clients.Groups</c> sends to each group in turn), so a staff member who is both contact
/// teacher and office would get it twice; resolving the connections of all of an event's audiences first
/// delivers it exactly once per connection.
/// </summary>
internal sealed class RealtimeConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> byGroup = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> byConnection = new(StringComparer.Ordinal);

    /// <summary>The connections in their groups now (the <c>meldebok.signalr.connections</c> gauge).</summary>
    public int Count => byConnection.Count;

    public void Add(string connectionId, IReadOnlyList<string> groups)
    {
        byConnection[connectionId] = groups;
        foreach (var group in groups)
        {
            byGroup.GetOrAdd(group, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[connectionId] = 0;
        }
    }

    public void Remove(string connectionId)
    {
        if (!byConnection.TryRemove(connectionId, out var groups))
        {
            return;
        }

        foreach (var group in groups)
        {
            if (byGroup.TryGetValue(group, out var members))
            {
                members.TryRemove(connectionId, out _);
            }
        }
    }

    /// <summary>Whether a connection of this process is in <paramref name="audience"/>.</summary>
    public bool AnyIn(string audience) => byGroup.TryGetValue(audience, out var members) && !members.IsEmpty;

    /// <summary>Each connection in at least one of <paramref name="audiences"/>, once.</summary>
    public IReadOnlyCollection<string> In(IEnumerable<string> audiences)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var audience in audiences)
        {
            if (byGroup.TryGetValue(audience, out var members))
            {
                result.UnionWith(members.Keys);
            }
        }

        return result;
    }
}
