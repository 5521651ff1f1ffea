using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meldebok.Server.Tests.Observability;

/// <summary>
/// An OpenTelemetry collector stand-in on 127.0.0.1 (Kestrel) speaking OTLP/HTTP with protobuf bodies: it takes
/// <c>POST /v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>, answers 200 with an empty export response and keeps every
/// body it received, decoded with <see cref="Otlp"/>.
/// </summary>
public sealed class OtlpStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Signal, string? ContentType, byte[] Body)> received = new();
    private WebApplication? app;

    /// <summary>What Meldebok is configured with (<c>Telemetry:OtlpEndpoint</c>, protocol HttpProtobuf).</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<(string Signal, string? ContentType, byte[] Body)> Received => [.. received];

    /// <summary>Every span received so far, with the resource it came with.</summary>
    public IReadOnlyList<Otlp.Span> Spans => [.. received.Where(r => r.Signal == "traces").SelectMany(r => Otlp.Spans(r.Body))];

    /// <summary>Every metric received so far (one entry per export that carried it).</summary>
    public IReadOnlyList<Otlp.Metric> Metrics => [.. received.Where(r => r.Signal == "metrics").SelectMany(r => Otlp.Metrics(r.Body))];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/v1/{signal}", ReceiveAsync);
        await app.StartAsync();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    private async Task<IResult> ReceiveAsync(string signal, HttpRequest request)
    {
        using var body = new MemoryStream();
        await using var gzip = request.Headers.ContentEncoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : null;
        await (gzip ?? request.Body).CopyToAsync(body);
        received.Enqueue((signal, request.ContentType, body.ToArray()));
        return Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
