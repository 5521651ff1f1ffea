using System.Threading.Channels;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Pupils;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Realtime;

/// <summary>A connection to the hub through the test server that records the events pushed to it.</summary>
internal sealed class HubClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<RealtimeEvent> incoming = Channel.CreateUnbounded<RealtimeEvent>();
    private readonly List<RealtimeEvent> received = [];

    private readonly TaskCompletionSource<RealtimeConnected> connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<RealtimeEvent>(MeldebokHub.EventMethod, e => incoming.Writer.TryWrite(e));
        connection.On<RealtimeConnected>(MeldebokHub.ConnectedMethod, c => connected.TrySetResult(c));
    }

    public HubConnection Connection { get; }

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyList<RealtimeEvent> Received => received;

    /// <summary>What the hub said once the connection was in its groups.</summary>
    public RealtimeConnected? Welcome { get; private set; }

    /// <summary>
    /// Connects as <paramref name="user"/> (anonymous when null) over long polling through the in-memory test
    /// server, and waits until the hub has put the connection in its groups.
    /// </summary>
    public static Task<HubClient> ConnectAsync(WebApplicationFactory<Program> host, TestUser? user) =>
        ConnectWithHeadersAsync(host, user is null ? [] : new Dictionary<string, string> { ["Authorization"] = user.Header().ToString() });

    /// <summary>Connects with the given request headers (e.g. the web UI's sign-in cookie) and waits until the connection is in its groups.</summary>
    public static async Task<HubClient> ConnectWithHeadersAsync(WebApplicationFactory<Program> host, IReadOnlyDictionary<string, string> headers)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Server.BaseAddress, RealtimeSetup.HubPath), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => host.Server.CreateHandler();
                foreach (var (name, value) in headers)
                {
                    options.Headers[name] = value;
                }
            })
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        client.Welcome = await client.connected.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>
    /// Connects to a server listening on <paramref name="server"/> (a server process) with a bearer access token, over
    /// WebSockets as a browser does, and waits until the hub has put the connection in its groups.
    /// </summary>
    public static async Task<HubClient> ConnectAsync(Uri server, string accessToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, RealtimeSetup.HubPath), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        client.Welcome = await client.connected.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>Reads events until one of <paramref name="type"/> with <paramref name="marker"/> in its data arrives; returns it.</summary>
    public Task<RealtimeEvent> WaitForAsync(string type, Guid marker) => WaitForAsync(type, "marker", marker);

    /// <summary>Reads events until one of <paramref name="type"/> whose data has <paramref name="property"/> equal to <paramref name="id"/> arrives; returns it.</summary>
    public async Task<RealtimeEvent> WaitForAsync(string type, string property, Guid id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        while (true)
        {
            var next = await incoming.Reader.ReadAsync(timeout.Token);
            received.Add(next);
            if (next.Type == type && next.Data.TryGetProperty(property, out var value) && value.TryGetGuid(out var found) && found == id)
            {
                return next;
            }
        }
    }

    /// <summary>Moves the events that have arrived into <see cref="Received"/>, without waiting for more.</summary>
    public void Drain()
    {
        while (incoming.Reader.TryRead(out var next))
        {
            received.Add(next);
        }
    }

    /// <summary>How many events of <paramref name="type"/> with <paramref name="marker"/> arrived so far.</summary>
    public int CountOf(string type, Guid marker) => received.Count(e => e.Type == type && Marker(e) == marker);

    public static Guid? Marker(RealtimeEvent e) =>
        e.Data.TryGetProperty("marker", out var value) && value.TryGetGuid(out var id) ? id : null;

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

/// <summary>Writes events the way a feature does: <see cref="Outbox.Enqueue"/> and the feature's own SaveChanges.</summary>
internal static class OutboxArrange
{
    public const string Type = "test.event";

    /// <summary>Enqueues one event for <paramref name="audiences"/> whose data carries a fresh marker; returns the marker.</summary>
    public static async Task<Guid> EnqueueAsync(this WebApplicationFactory<Program> host, Guid? municipalityId, params string[] audiences)
    {
        var marker = Guid.NewGuid();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(Type, municipalityId, audiences, new { marker });
        await scope.ServiceProvider.GetRequiredService<MeldebokDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        return marker;
    }

    /// <summary>Waits until every event in the database has been published.</summary>
    public static async Task WaitUntilAllPublishedAsync(this WebApplicationFactory<Program> host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeldebokDbContext>();
            if (!await db.OutboxEvents.AnyAsync(e => e.Sequence == null, TestContext.Current.CancellationToken))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The outbox was not published within 15 seconds.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The account of the guardian <paramref name="guardianId"/> (matched by national identity number, as sign-in does).</summary>
    public static async Task<TestUser> GuardianAccountAsync(this MeldebokApp app, Guid guardianId)
    {
        var nationalIdentityNumber = await app.WithDbAsync(db => db.Guardians.Where(g => g.Id == guardianId).Select(g => g.NationalIdentityNumber).SingleAsync());
        return TestUser.Account(await app.CreateAccountAsync("Foresatt", nationalIdentityNumber));
    }
}
