using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Infrastructure.Observability;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Realtime;

namespace Meldebok.Server.Tests.Observability;

/// <summary>
/// OpenTelemetry as an operator's collector sees it: traces and metrics exported over OTLP/HTTP (protobuf) to a loopback
/// stand-in, and the values of Meldebok's own instruments — fan-out duration, delivery latency, hub connections — as the
/// host records them.
/// </summary>
public sealed class TelemetryTests(ObservabilityApp app) : IClassFixture<ObservabilityApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_absence_report_is_exported_as_a_server_span_with_its_route_and_an_npgsql_child_span_under_the_service_name()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, AbsenceArrange.Absences)
        {
            Content = JsonContent.Create(AbsenceArrange.Notice(world.PupilA, app.Today()), options: HttpAssertions.Json),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        var response = await world.GuardianA.SendAsync(request, Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var exported = await app.FlushUntilSpanAsync(s => s.TraceId == traceId && s.Kind == Otlp.SpanKindServer);

        Assert.Contains(app.Otlp.Received, r => r.Signal == "traces" && r.ContentType == "application/x-protobuf");
        var spans = exported.Where(s => s.TraceId == traceId).ToList();
        var server = Assert.Single(spans, s => s.Kind == Otlp.SpanKindServer);
        // The route as mapped: the group /api/v1/absences and its POST "/".
        Assert.Equal("POST /api/v1/absences/", server.Name);
        Assert.Equal("/api/v1/absences/", server.Attributes["http.route"]);
        Assert.Equal("201", server.Attributes["http.response.status_code"]);
        Assert.Equal("00f067aa0ba902b7", server.ParentSpanId);
        Assert.Equal(response.Headers.GetValues(CorrelationId.HeaderName).Single(), server.Attributes["meldebok.correlation_id"]);
        Assert.Equal(TelemetrySetup.ServiceName, server.Resource["service.name"]);
        Assert.False(string.IsNullOrEmpty(server.Resource["service.version"]));

        var database = spans.Where(s => s.Scope == "Npgsql" && s.Kind == Otlp.SpanKindClient).ToList();
        Assert.NotEmpty(database);
        Assert.All(database, s => Assert.Contains(s.Attributes, a => a.Key.StartsWith("db.system", StringComparison.Ordinal) && a.Value == "postgresql"));
        Assert.All(database, s => Assert.True(DescendsFrom(s, server, spans), $"{s.Name} is not under the request's span."));
    }

    [Fact]
    public async Task The_metrics_export_carries_meldeboks_gauges_with_their_units_and_the_asp_net_core_request_duration()
    {
        var response = await app.CreateClient().GetAsync("/health/live", Ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var metrics = await app.FlushUntilExportedAsync(m => m.Name == "http.server.request.duration");

        Assert.Contains(app.Otlp.Received, r => r.Signal == "metrics" && r.ContentType == "application/x-protobuf");
        Assert.Contains(metrics, m => (m.Name, m.Unit, m.Kind, m.Scope) == (MeldebokTelemetry.SignalRConnections, "{connection}", "sum", MeldebokTelemetry.MeterName));
        Assert.Contains(metrics, m => (m.Name, m.Unit, m.Kind) == (MeldebokTelemetry.JobsEnqueued, "{job}", "gauge"));
        Assert.Contains(metrics, m => (m.Name, m.Unit, m.Kind) == (MeldebokTelemetry.JobsFailed, "{job}", "gauge"));
        Assert.Contains(metrics, m => (m.Name, m.Unit, m.Kind) == ("http.server.request.duration", "s", "histogram"));
        Assert.All(metrics, m => Assert.Equal(TelemetrySetup.ServiceName, m.Resource["service.name"]));
    }

    [Fact]
    public async Task A_bulk_fan_out_records_its_duration_in_the_fan_out_histogram()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        using var metrics = new HostMetrics(app.Services);

        await app.SendToClassAsync(world);

        var fanOut = Assert.Single(metrics.Of(MeldebokTelemetry.FanOutDuration));
        Assert.InRange(fanOut.Value, 0.000_001, 60);
        var exported = await app.FlushUntilExportedAsync(m => m.Name == MeldebokTelemetry.FanOutDuration);
        Assert.Contains(exported, m => (m.Name, m.Unit, m.Kind) == (MeldebokTelemetry.FanOutDuration, "s", "histogram"));
    }

    [Fact]
    public async Task A_delivered_email_records_the_time_from_the_notification_to_its_delivery_per_channel()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        // What earlier tests of this class left pending goes out first, so that only this message's e-mails are measured.
        await app.RunDeliveryAsync();
        var sent = await app.SendToClassAsync(world);
        using var metrics = new HostMetrics(app.Services);

        app.Time.Advance(TimeSpan.FromSeconds(90));
        await app.RunDeliveryAsync();

        var delivered = (await app.DeliveriesAsync(sent.Id)).Where(d => d.Status == DeliveryStatus.Sent).ToList();
        Assert.Equal(2, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(NotificationChannel.Email, d.Channel));
        var latencies = metrics.Of(MeldebokTelemetry.NotificationDeliveryLatency);
        Assert.Equal(delivered.Count, latencies.Count);
        Assert.All(latencies, m => Assert.Equal((90.0, "email"), (Math.Round(m.Value, 3), m.Tags["channel"] as string)));
    }

    [Fact]
    public async Task The_hub_connection_gauge_counts_a_connected_client_and_drops_it_after_it_disconnects()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        using var metrics = new HostMetrics(app.Services);
        var before = metrics.Observe(MeldebokTelemetry.SignalRConnections);

        var hub = await HubClient.ConnectAsync(app, TestUser.Account(world.TeacherAccount));
        Assert.Equal(before + 1, metrics.Observe(MeldebokTelemetry.SignalRConnections));

        await hub.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (metrics.Observe(MeldebokTelemetry.SignalRConnections) != before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(before, metrics.Observe(MeldebokTelemetry.SignalRConnections));
    }

    private static bool DescendsFrom(Otlp.Span span, Otlp.Span ancestor, List<Otlp.Span> trace)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
