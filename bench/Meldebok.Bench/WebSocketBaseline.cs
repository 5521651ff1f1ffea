using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Meldebok.Bench;

/// <summary>
/// The connection-scale baseline: a bare ASP.NET Core server in a process of its own that accepts raw WebSockets at
/// <c>/ws</c> (no authentication, no SignalR protocol, no groups) and, on <c>POST /broadcast</c>, sends one event of the
/// hub's shape (<c>type</c>, <c>occurredAt</c>, <c>data.id</c>) to every socket it holds.
/// </summary>
internal static class WebSocketBaseline
{
    /// <summary>The driver's verb that runs the server (the driver starts itself with it).</summary>
    public const string Verb = "websocket-baseline-server";

    /// <summary>Runs the server on a free loopback port; its first line on standard output is its address.</summary>
    public static async Task<int> ServeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        var sockets = new ConcurrentDictionary<long, WebSocket>();
        long next = 0;
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var id = Interlocked.Increment(ref next);
            sockets[id] = socket;
            var buffer = new byte[256];
            try
            {
                while ((await socket.ReceiveAsync(buffer, context.RequestAborted)).MessageType != WebSocketMessageType.Close)
                {
                }

                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
            finally
            {
                sockets.TryRemove(id, out _);
            }
        });
        app.MapPost("/broadcast", async () =>
        {
            var id = Guid.NewGuid();
            var payload = JsonSerializer.SerializeToUtf8Bytes(new { type = "baseline.broadcast", occurredAt = DateTimeOffset.UtcNow, data = new { id } });
            var targets = sockets.Values.ToArray();
            await Task.WhenAll(targets.Select(async s =>
            {
                try
                {
                    await s.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                }
            }));
            return Results.Ok(new { id, sockets = targets.Length });
        });
        await app.StartAsync();
        Console.WriteLine(app.Urls.First());
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Starts the server as a child process of the driver; answers the process and its address.</summary>
    public static async Task<(Process Process, Uri Address)> StartAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        start.ArgumentList.Add(Verb);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The WebSocket baseline server did not start.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("The WebSocket baseline server printed no address.");
        return (process, new Uri(line));
    }
}

/// <summary>Raw WebSocket clients of the baseline server: per connection, how long after the event's time it arrived.</summary>
internal sealed class RawWebSocketClients : IAsyncDisposable
{
    private readonly List<ClientWebSocket?> _sockets = [];
    private readonly List<Task> _receivers = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(int Connection, Guid Id), double> _delaysMs = new();
    private readonly CancellationTokenSource _stop = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sockets.Count(s => s is not null);
            }
        }
    }

    /// <summary>Opens <paramref name="count"/> more sockets to <paramref name="server"/>'s <c>/ws</c>; answers the failures.</summary>
    public async Task<IReadOnlyList<Exception>> AddAsync(Uri server, int count, int parallelism, SourceAddresses addresses, CancellationToken ct)
    {
        int first;
        lock (_gate)
        {
            first = _sockets.Count;
            _sockets.AddRange(new ClientWebSocket?[count]);
        }

        var address = SourceAddresses.WebSocketUri(new Uri(server, "/ws"));
        var failures = new ConcurrentBag<Exception>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var index = first + i;
            var socket = new ClientWebSocket();
            try
            {
                if (addresses.For(index) is { } via)
                {
                    await socket.ConnectAsync(address, via, token);
                }
                else
                {
                    await socket.ConnectAsync(address, token);
                }

                lock (_gate)
                {
                    _sockets[index] = socket;
                    _receivers.Add(ReceiveAsync(index, socket));
                }
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
            {
                failures.Add(e);
                socket.Dispose();
            }
        });
        return [.. failures];
    }

    /// <summary>For each open socket, how long after the broadcast's time it arrived (ms); null for those not (yet) told.</summary>
    public double?[] DelaysMs(Guid id)
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(0, _sockets.Count).Where(i => _sockets[i] is not null)
                .Select(i => _delaysMs.TryGetValue((i, id), out var ms) ? ms : (double?)null)];
        }
    }

    private async Task ReceiveAsync(int index, ClientWebSocket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var received = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(received), _stop.Token);
                    received += result.Count;
                }
                while (!result.EndOfMessage && received < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var now = DateTimeOffset.UtcNow;
                using var message = JsonDocument.Parse(buffer.AsMemory(0, received));
                var occurredAt = message.RootElement.GetProperty("occurredAt").GetDateTimeOffset();
                _delaysMs.TryAdd((index, message.RootElement.GetProperty("data").GetProperty("id").GetGuid()), (now - occurredAt).TotalMilliseconds);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        ClientWebSocket?[] sockets;
        Task[] receivers;
        lock (_gate)
        {
            sockets = [.. _sockets];
            receivers = [.. _receivers];
        }

        await Task.WhenAll(receivers);
        foreach (var socket in sockets.OfType<ClientWebSocket>())
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }
}
