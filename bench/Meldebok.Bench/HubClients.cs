using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meldebok.Bench;

/// <summary>
/// Many live clients on the real-time hub (phones with the app open): for each connection, when it was first told
/// of an event of a given type about a given object, and when that event was committed (its <c>occurredAt</c>).
/// </summary>
internal sealed class HubClients : IAsyncDisposable
{
    private static readonly TimeSpan ConnectedPatience = TimeSpan.FromSeconds(60);
    private readonly List<HubConnection?> _connections = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(int Connection, string Type, Guid Id), (DateTimeOffset ReceivedAt, DateTimeOffset OccurredAt)> _firstArrival = new();
    private readonly Uri _server;
    private readonly string _idProperty;

    private HubClients(Uri server, string idProperty)
    {
        _server = server;
        _idProperty = idProperty;
    }

    /// <summary>The connections open (those that failed to open are not counted).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count(c => c is not null);
            }
        }
    }

    /// <summary>Opens one WebSocket connection per token, <paramref name="parallelism"/> at a time; throws if one fails.</summary>
    public static async Task<HubClients> OpenAsync(Uri server, IReadOnlyList<string> accessTokens, string idProperty, int parallelism, CancellationToken ct)
    {
        var clients = new HubClients(server, idProperty);
        var failures = await clients.AddAsync(accessTokens, parallelism, SourceAddresses.Default, ct);
        return failures.Count == 0 ? clients : throw new AggregateException("Hub connections failed to open.", failures);
    }

    /// <summary>An empty set of clients, to be filled with <see cref="AddAsync"/>.</summary>
    public static HubClients Empty(Uri server, string idProperty) => new(server, idProperty);

    /// <summary>
    /// Opens one more connection per token (a token may repeat: the hub accepts several connections per person, as a
    /// guardian with a phone and a tablet has), <paramref name="parallelism"/> at a time, each counted open once the hub
    /// has said <c>connected</c> (its groups are set). Answers the failures; a failed connection is not kept.
    /// </summary>
    public async Task<IReadOnlyList<Exception>> AddAsync(IReadOnlyList<string> accessTokens, int parallelism, SourceAddresses addresses, CancellationToken ct)
    {
        int first;
        lock (_gate)
        {
            first = _connections.Count;
            _connections.AddRange(new HubConnection?[accessTokens.Count]);
        }

        var failures = new ConcurrentBag<Exception>();
        await Parallel.ForAsync(0, accessTokens.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var index = first + i;
            var connection = Connect(_server, accessTokens[i], addresses.For(index));
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.On<JsonElement>("event", message => Receive(index, message));
            connection.On<JsonElement>("connected", _ => connected.TrySetResult());
            try
            {
                await connection.StartAsync(token);
                await connected.Task.WaitAsync(ConnectedPatience, token);
                lock (_gate)
                {
                    _connections[index] = connection;
                }
            }
            catch (Exception e) when (e is HttpRequestException or WebSocketException or TimeoutException or IOException or InvalidOperationException or SocketException)
            {
                failures.Add(e);
                await connection.DisposeAsync();
            }
        });
        return [.. failures];
    }

    /// <summary>
    /// A hub connection over WebSockets with the access token, as the app opens it; through <paramref name="via"/> (a
    /// client bound to one local address) when given, then without the negotiate request and with the token in the
    /// WebSocket request's Authorization header (where the client library puts it too).
    /// </summary>
    public static HubConnection Connect(Uri server, string accessToken, HttpMessageInvoker? via = null) => new HubConnectionBuilder()
        .WithUrl(new Uri(server, "/hubs/meldebok"), HttpTransportType.WebSockets, o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            if (via is not null)
            {
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var socket = new ClientWebSocket();
                    socket.Options.SetRequestHeader("Authorization", $"Bearer {accessToken}");
                    try
                    {
                        await socket.ConnectAsync(SourceAddresses.WebSocketUri(context.Uri), via, ct);
                        return socket;
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
            }
        })
        .Build();

    /// <summary>When each connection was first told of <paramref name="type"/> about <paramref name="id"/>; null for those not (yet) told.</summary>
    public DateTimeOffset?[] Arrivals(string type, Guid id) =>
        [.. OpenIndexes().Select(i => _firstArrival.TryGetValue((i, type, id), out var at) ? at.ReceivedAt : (DateTimeOffset?)null)];

    /// <summary>For each connection, how long after the event's commit it was told of it (ms); null for those not (yet) told.</summary>
    public double?[] DelaysMs(string type, Guid id) =>
        [.. OpenIndexes().Select(i => _firstArrival.TryGetValue((i, type, id), out var at) ? (at.ReceivedAt - at.OccurredAt).TotalMilliseconds : (double?)null)];

    private int[] OpenIndexes()
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(0, _connections.Count).Where(i => _connections[i] is not null)];
        }
    }

    private void Receive(int connection, JsonElement message)
    {
        var now = DateTimeOffset.UtcNow;
        if (message.GetProperty("data").TryGetProperty(_idProperty, out var id) && id.TryGetGuid(out var guid))
        {
            var occurredAt = message.TryGetProperty("occurredAt", out var at) ? at.GetDateTimeOffset() : now;
            _firstArrival.TryAdd((connection, message.GetProperty("type").GetString()!, guid), (now, occurredAt));
        }
    }

    public async ValueTask DisposeAsync()
    {
        HubConnection?[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections.OfType<HubConnection>())
        {
            await connection.DisposeAsync();
        }
    }
}

/// <summary>
/// Local addresses the benchmark's client connections come from. One address gives about 28 000 ephemeral ports to one
/// server port; connections spread over 127.0.0.1, 127.0.0.2, … (all loopback on Linux) get that many per address.
/// </summary>
internal sealed class SourceAddresses : IDisposable
{
    private readonly HttpMessageInvoker[] _invokers;

    private SourceAddresses(int count) =>
        _invokers = count <= 1 ? [] : [.. Enumerable.Range(1, count).Select(i => new HttpMessageInvoker(BoundHandler(new IPAddress([127, 0, 0, (byte)i]))))];

    /// <summary>The system's choice (127.0.0.1 to a loopback server): no bound client.</summary>
    public static SourceAddresses Default { get; } = new(1);

    /// <summary>127.0.0.1 to 127.0.0.<paramref name="count"/>, in turn per connection (1 to 254).</summary>
    public static SourceAddresses Loopback(int count) => count <= 1 ? Default : new(Math.Min(count, 254));

    public int Count => Math.Max(_invokers.Length, 1);

    /// <summary>The client to open connection <paramref name="index"/> through, or null for the system's choice.</summary>
    public HttpMessageInvoker? For(int index) => _invokers.Length == 0 ? null : _invokers[index % _invokers.Length];

    /// <summary>A WebSocket address for an http(s) one.</summary>
    public static Uri WebSocketUri(Uri uri) => uri.Scheme switch
    {
        "http" => new UriBuilder(uri) { Scheme = "ws" }.Uri,
        "https" => new UriBuilder(uri) { Scheme = "wss" }.Uri,
        _ => uri,
    };

    private static SocketsHttpHandler BoundHandler(IPAddress local) => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (OperatingSystem.IsLinux())
                {
                    // IP_BIND_ADDRESS_NO_PORT: the port is chosen at connect, per destination, not reserved at bind.
                    socket.SetRawSocketOption(0, 24, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }
}
