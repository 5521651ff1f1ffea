using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Meldebok.Server.Tests.Attachments;

/// <summary>
/// A loopback stand-in for clamd that speaks its INSTREAM protocol: it reads <c>zINSTREAM\0</c> and the length-prefixed
/// chunks up to the zero length, then answers <c>stream: Eicar-Test-Signature FOUND</c> when the content holds the EICAR
/// test string and <c>stream: OK</c> otherwise. It counts the scans and keeps the bytes of the last one.
/// </summary>
internal sealed class ClamdStandIn : IAsyncDisposable
{
    /// <summary>The EICAR anti-virus test file: harmless, and detected as a virus by every scanner.</summary>
    public static readonly byte[] Eicar = Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _scans;

    public ClamdStandIn()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Scans => Volatile.Read(ref _scans);

    public byte[] LastScanned { get; private set; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                await ServeAsync(client.GetStream());
            }
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        var command = new byte[10];
        await stream.ReadExactlyAsync(command, _stop.Token);
        if (!command.AsSpan().SequenceEqual("zINSTREAM\0"u8))
        {
            await stream.WriteAsync("UNKNOWN COMMAND\0"u8.ToArray(), _stop.Token);
            return;
        }

        var content = new MemoryStream();
        var length = new byte[4];
        while (true)
        {
            await stream.ReadExactlyAsync(length, _stop.Token);
            var size = BinaryPrimitives.ReadInt32BigEndian(length);
            if (size == 0) break;
            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk, _stop.Token);
            content.Write(chunk);
        }

        LastScanned = content.ToArray();
        Interlocked.Increment(ref _scans);
        var infected = LastScanned.AsSpan().IndexOf(Eicar) >= 0;
        await stream.WriteAsync(infected ? "stream: Eicar-Test-Signature FOUND\0"u8.ToArray() : "stream: OK\0"u8.ToArray(), _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
