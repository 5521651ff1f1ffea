using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Attachments;

/// <summary>What a scan found.</summary>
/// <param name="Status">NotScanned or Clean, when the file may be stored.</param>
/// <param name="Infected">Whether the scanner found something; the file is then refused and never stored.</param>
/// <param name="Signature">What was found (for the log).</param>
internal sealed record ScanVerdict(AttachmentScanStatus Status, bool Infected = false, string? Signature = null)
{
    public static readonly ScanVerdict NotScanned = new(AttachmentScanStatus.NotScanned);
    public static readonly ScanVerdict Clean = new(AttachmentScanStatus.Clean);
    public static ScanVerdict Found(string signature) => new(AttachmentScanStatus.Clean, Infected: true, signature);
}

/// <summary>The scanner could not give a verdict (down, timed out, answered an error); the upload is refused with 503.</summary>
internal sealed class ScannerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The virus-scan hook: every upload is scanned before it is stored and becomes available. A municipality plugs in its own
/// scanner by registering another implementation; with <c>Attachments:ClamdHost</c> set, <see cref="ClamdScanner"/> is used.
/// </summary>
internal interface IAttachmentScanner
{
    /// <summary>Scans the whole of <paramref name="content"/> (from its current position).</summary>
    Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct);
}

/// <summary>The default: no scanner; every file is accepted and recorded <see cref="AttachmentScanStatus.NotScanned"/>.</summary>
internal sealed class NoAttachmentScanner : IAttachmentScanner
{
    public Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct) => Task.FromResult(ScanVerdict.NotScanned);
}

/// <summary>
/// Scans with ClamAV's daemon over TCP using its INSTREAM command: <c>zINSTREAM\0</c>, then the content in chunks, each
/// preceded by its length as a 4-byte big-endian number, ended by a zero length; clamd answers <c>stream: OK</c>,
/// <c>stream: &lt;signature&gt; FOUND</c> or an error (<c>… ERROR</c>, e.g. when the stream exceeds its StreamMaxLength).
/// </summary>
internal sealed class ClamdScanner(IOptions<AttachmentOptions> options, ILogger<ClamdScanner> logger) : IAttachmentScanner
{
    private const int ChunkSize = 64 * 1024;

    public async Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.ClamdTimeoutSeconds));
        string reply;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(settings.ClamdHost!, settings.ClamdPort, timeout.Token);
            await using var stream = client.GetStream();
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), timeout.Token);
            var buffer = new byte[4 + ChunkSize];
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(4, ChunkSize), timeout.Token)) > 0)
            {
                BinaryPrimitives.WriteInt32BigEndian(buffer, read);
                await stream.WriteAsync(buffer.AsMemory(0, 4 + read), timeout.Token);
            }

            await stream.WriteAsync(new byte[4], timeout.Token);
            reply = await ReadReplyAsync(stream, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new ScannerUnavailableException($"clamd at {settings.ClamdHost}:{settings.ClamdPort} did not scan the upload.", e);
        }

        if (reply.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var signature = reply["stream: ".Length..^" FOUND".Length];
            logger.LogWarning("clamd found {Signature} in an upload; it was refused", signature);
            return ScanVerdict.Found(signature);
        }

        if (reply.EndsWith(": OK", StringComparison.Ordinal))
        {
            return ScanVerdict.Clean;
        }

        throw new ScannerUnavailableException($"clamd answered: {reply}");
    }

    /// <summary>Reads clamd's answer: up to the NUL that ends a z-command's reply (or the end of the connection).</summary>
    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken ct)
    {
        var reply = new MemoryStream();
        var buffer = new byte[256];
        int read;
        while (reply.Length < 4096 && (read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            var end = Array.IndexOf(buffer, (byte)0, 0, read);
            reply.Write(buffer, 0, end >= 0 ? end : read);
            if (end >= 0) break;
        }

        return Encoding.UTF8.GetString(reply.ToArray()).Trim();
    }
}
