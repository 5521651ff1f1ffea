using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// A real SMTP server on 127.0.0.1 for the tests: keeps every message it accepts, and rejects the next DATA when told to,
/// as a failing mail server would.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Store store = new();
    private Task running = Task.CompletedTask;

    public int Port { get; private set; }

    /// <summary>Every accepted message, in order of arrival.</summary>
    public IReadOnlyList<MimeMessage> Received => [.. store.Messages];

    /// <summary>How many of the next messages the server answers with a failure instead of accepting.</summary>
    public int RejectNext { get => store.RejectNext; set => store.RejectNext = value; }

    /// <summary>How many messages were rejected so far.</summary>
    public int Rejected => store.Rejected;

    /// <summary>The accepted messages to one address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. store.Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public async Task StartAsync()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(store);
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        // Wait until it listens, so that the first delivery does not race the start.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // The server stops by cancellation.
        }

        stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        private int rejectNext;
        private int rejected;

        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public int RejectNext { get => Volatile.Read(ref rejectNext); set => Volatile.Write(ref rejectNext, value); }

        public int Rejected => Volatile.Read(ref rejected);

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref rejectNext) >= 0)
            {
                Interlocked.Increment(ref rejected);
                return new SmtpResponse(SmtpReplyCode.TransactionFailed, "Testtjeneren avviser denne meldingen");
            }

            Interlocked.Increment(ref rejectNext);
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
