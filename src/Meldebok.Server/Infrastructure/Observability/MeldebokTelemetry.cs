using System.Diagnostics;
using System.Diagnostics.Metrics;
using Meldebok.Server.Infrastructure.Realtime;

namespace Meldebok.Server.Infrastructure.Observability;

/// <summary>
/// Meldebok's own traces (activity source <see cref="SourceName"/>) and metrics (meter <see cref="MeterName"/>). The meter
/// comes from the host's <see cref="IMeterFactory"/>, so each host has its own instruments; without a listener (telemetry
/// off) a measurement costs a check of a flag, and no activity is created.
/// </summary>
internal sealed class MeldebokTelemetry
{
    public const string SourceName = "Meldebok";
    public const string MeterName = "Meldebok";

    public const string SignalRConnections = "meldebok.signalr.connections";
    public const string JobsEnqueued = "meldebok.jobs.enqueued";
    public const string JobsFailed = "meldebok.jobs.failed";
    public const string FanOutDuration = "meldebok.fanout.duration";
    public const string NotificationDeliveryLatency = "meldebok.notification.delivery.latency";

    /// <summary>Spans of the background work: bulk fan-out, notification delivery, usage aggregation.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    private readonly Histogram<double> fanOutDuration;
    private readonly Histogram<double> deliveryLatency;

    public MeldebokTelemetry(IMeterFactory meters, RealtimeConnections connections, JobQueueStatistics jobs)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter(SignalRConnections, () => connections.Count, "{connection}",
            "Hub connections to this process that are in their groups and receive events.");
        meter.CreateObservableGauge(JobsEnqueued, () => jobs.Current().Enqueued, "{job}",
            "Background jobs waiting in the queues (all replicas; read from Hangfire at most every 15 s).");
        meter.CreateObservableGauge(JobsFailed, () => jobs.Current().Failed, "{job}",
            "Background jobs in the failed state: retries used up, waiting for an operator (all replicas).");
        fanOutDuration = meter.CreateHistogram<double>(FanOutDuration, "s",
            "Time from claiming a bulk message to having stored every recipient's copy and recorded the notifications.");
        deliveryLatency = meter.CreateHistogram<double>(NotificationDeliveryLatency, "s",
            "Time from a notification being recorded to the mail server or SMS gateway accepting it, per channel.");
    }

    public void RecordFanOut(TimeSpan duration) => fanOutDuration.Record(duration.TotalSeconds);

    public void RecordDelivery(string channel, TimeSpan latency) =>
        deliveryLatency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("channel", channel));
}
