using Meldebok.Server.Tests.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Meldebok.Server.Tests.Observability;

/// <summary>
/// The app with notifications on, exporting its telemetry over OTLP/HTTP (protobuf) to an <see cref="OtlpStandIn"/> of its
/// own, and with every log line of Meldebok's own categories (Information and up) captured with its scopes in <see cref="Logs"/>.
/// </summary>
public sealed class ObservabilityApp(PostgresServer postgres) : NotificationApp(postgres)
{
    public OtlpStandIn Otlp { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Otlp.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Telemetry:OtlpEndpoint", Otlp.BaseUrl);
        builder.UseSetting("Telemetry:OtlpProtocol", "HttpProtobuf");
        builder.ConfigureTestServices(services => services.AddLogging(logging => logging
            .AddProvider(Logs)
            // A rule for this provider outranks the test hosts' configured Warning for everyone.
            .AddFilter<CapturedLogs>("Meldebok", LogLevel.Information)));
    }

    /// <summary>Exports what the host's tracer and meter providers hold now (the exporters otherwise batch for seconds).</summary>
    public void Flush()
    {
        Assert.True(Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "The traces were not exported within 10 s.");
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "The metrics were not exported within 10 s.");
    }

    /// <summary>
    /// Flushes until the stand-in has received a metric that <paramref name="wanted"/> matches, for up to 30 s. Metrics are
    /// cumulative, so an export that failed or raced with the periodic reader (an OTLP request timing out on a loaded CI
    /// machine) is repaired by the next one; a single flush would make the test depend on the first export arriving.
    /// </summary>
    public Task<IReadOnlyList<Otlp.Metric>> FlushUntilExportedAsync(Func<Otlp.Metric, bool> wanted) =>
        FlushUntilAsync(() => Otlp.Metrics, wanted);

    /// <summary>
    /// Flushes until the stand-in has received a span that <paramref name="wanted"/> matches, for up to 30 s. The server's
    /// span of a request ends after its response has gone, so the client can hold the response before the span exists.
    /// </summary>
    public Task<IReadOnlyList<Otlp.Span>> FlushUntilSpanAsync(Func<Otlp.Span, bool> wanted) =>
        FlushUntilAsync(() => Otlp.Spans, wanted);

    private async Task<IReadOnlyList<T>> FlushUntilAsync<T>(Func<IReadOnlyList<T>> received, Func<T, bool> wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            Flush();
            var items = received();
            if (items.Any(wanted) || DateTime.UtcNow > deadline)
            {
                return items;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Otlp.DisposeAsync();
    }
}
