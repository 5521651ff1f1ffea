using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meldebok.Bench;

/// <summary>
/// Many live clients on the real-time hub (phones with the app open): for each connection, when it was first told
/// of an event of a given type about a given object.
/// </summary>
internal sealed class HubClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly ConcurrentDictionary<(int Connection, string Type, Guid Id), DateTimeOffset> _firstArrival = new();
    private readonly string _idProperty;

    private HubClients(string idProperty) => _idProperty = idProperty;

    public int Count => _connections.Count;

    /// <summary>Opens one WebSocket connection per token, <paramref name="parallelism"/> at a time.</summary>
    public static async Task<HubClients> OpenAsync(Uri server, IReadOnlyList<string> accessTokens, string idProperty, int parallelism, CancellationToken ct)
    {
        var clients = new HubClients(idProperty);
        var connections = new HubConnection[accessTokens.Count];
        await Parallel.ForAsync(0, accessTokens.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var connection = Connect(server, accessTokens[i]);
            connection.On<JsonElement>("event", message => clients.Receive(i, message));
            await connection.StartAsync(token);
            connections[i] = connection;
        });
        clients._connections.AddRange(connections);
        return clients;
    }

    /// <summary>A hub connection over WebSockets with the access token, as the app opens it.</summary>
    public static HubConnection Connect(Uri server, string accessToken) => new HubConnectionBuilder()
        .WithUrl(new Uri(server, "/hubs/meldebok"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
        .Build();

    /// <summary>When each connection was first told of <paramref name="type"/> about <paramref name="id"/>; null for those not (yet) told.</summary>
    public DateTimeOffset?[] Arrivals(string type, Guid id) =>
        [.. Enumerable.Range(0, _connections.Count).Select(i => _firstArrival.TryGetValue((i, type, id), out var at) ? at : (DateTimeOffset?)null)];

    private void Receive(int connection, JsonElement message)
    {
        var now = DateTimeOffset.UtcNow;
        if (message.GetProperty("data").TryGetProperty(_idProperty, out var id) && id.TryGetGuid(out var guid))
        {
            _firstArrival.TryAdd((connection, message.GetProperty("type").GetString()!, guid), now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
