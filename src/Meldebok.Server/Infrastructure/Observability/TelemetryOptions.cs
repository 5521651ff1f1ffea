using OpenTelemetry.Exporter;

namespace Meldebok.Server.Infrastructure.Observability;

/// <summary>
/// Where traces, metrics and logs go over OTLP (section <c>Telemetry</c>). Off unless this endpoint or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; then the standard <c>OTEL_*</c> variables (headers, protocol, service name,
/// resource attributes) apply as the OpenTelemetry SDK defines them.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The collector's base address (<c>http://otel-collector:4317</c> for gRPC, <c>http://otel-collector:4318</c> for HTTP).</summary>
    [System.ComponentModel.DataAnnotations.Url]
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport to <see cref="OtlpEndpoint"/>: <c>Grpc</c> or <c>HttpProtobuf</c>.</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;
}
