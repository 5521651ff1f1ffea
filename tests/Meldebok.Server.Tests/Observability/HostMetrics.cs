using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Meldebok.Server.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Observability;

/// <summary>
/// Listens to the measurements of one host's Meldebok meter — the one its <see cref="IMeterFactory"/> made, not those of the
/// other test hosts in this process, which share the meter's name — from the moment it is created.
/// </summary>
internal sealed class HostMetrics : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measurement> measurements = new();

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    public HostMetrics(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MeldebokTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument) => [.. measurements.Where(m => m.Instrument == instrument)];

    /// <summary>Asks the observable instruments for their value now; the value <paramref name="instrument"/> reported.</summary>
    public double Observe(string instrument)
    {
        var before = Of(instrument).Count;
        listener.RecordObservableInstruments();
        var observed = Of(instrument);
        Assert.True(observed.Count > before, $"{instrument} reported no value.");
        return observed[^1].Value;
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    public void Dispose() => listener.Dispose();
}
