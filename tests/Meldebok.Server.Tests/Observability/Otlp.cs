using System.Buffers.Binary;
using System.Text;

namespace Meldebok.Server.Tests.Observability;

/// <summary>
/// Just enough of the OTLP protobuf messages (opentelemetry-proto: trace/v1, metrics/v1, common/v1, resource/v1) to check
/// what the server exported: spans with their ids, name, kind and string attributes, and metric names, units and kinds.
/// Reads the protobuf wire format directly; unknown fields are skipped.
/// </summary>
public static class Otlp
{
    public const int SpanKindServer = 2;
    public const int SpanKindClient = 3;

    public sealed record Span(
        string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, string Scope,
        IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);

    /// <summary>One metric: <paramref name="Kind"/> is gauge, sum or histogram.</summary>
    public sealed record Metric(string Name, string Unit, string Kind, string Scope, IReadOnlyDictionary<string, string> Resource);

    /// <summary>The spans of an <c>ExportTraceServiceRequest</c>.</summary>
    public static IEnumerable<Span> Spans(byte[] body)
    {
        foreach (var resourceSpans in Messages(body, 1))
        {
            var resource = ResourceAttributes(resourceSpans);
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = ScopeName(scopeSpans);
                foreach (var span in Messages(scopeSpans, 2))
                {
                    var fields = Fields(span).ToList();
                    yield return new Span(
                        Hex(fields, 1), Hex(fields, 2), Hex(fields, 4), Text(fields, 5),
                        (int)fields.Where(f => f.Number == 6).Select(f => f.Varint).FirstOrDefault(), scope,
                        Attributes(span, 9), resource);
                }
            }
        }
    }

    /// <summary>The metrics of an <c>ExportMetricsServiceRequest</c>.</summary>
    public static IEnumerable<Metric> Metrics(byte[] body)
    {
        foreach (var resourceMetrics in Messages(body, 1))
        {
            var resource = ResourceAttributes(resourceMetrics);
            foreach (var scopeMetrics in Messages(resourceMetrics, 2))
            {
                var scope = ScopeName(scopeMetrics);
                foreach (var metric in Messages(scopeMetrics, 2))
                {
                    var fields = Fields(metric).ToList();
                    var kind = fields.Select(f => f.Number).FirstOrDefault(n => n is 5 or 7 or 9 or 10) switch
                    {
                        5 => "gauge",
                        7 => "sum",
                        9 or 10 => "histogram",
                        _ => "other",
                    };
                    yield return new Metric(Text(fields, 1), Text(fields, 3), kind, scope, resource);
                }
            }
        }
    }

    private static Dictionary<string, string> ResourceAttributes(byte[] message) =>
        Messages(message, 1).Select(resource => Attributes(resource, 1)).FirstOrDefault() ?? [];

    private static string ScopeName(byte[] message) =>
        Messages(message, 1).Select(scope => Text(Fields(scope).ToList(), 1)).FirstOrDefault() ?? "";

    /// <summary>The string, boolean and integer values of the <c>KeyValue</c> attributes in field <paramref name="number"/>.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int number)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Messages(message, number))
        {
            var fields = Fields(keyValue).ToList();
            var key = Text(fields, 1);
            var value = fields.Where(f => f.Number == 2).Select(f => f.Bytes).FirstOrDefault();
            if (value is null)
            {
                continue;
            }

            var any = Fields(value).FirstOrDefault();
            result[key] = any.Number switch
            {
                1 => Encoding.UTF8.GetString(any.Bytes!),
                2 => any.Varint != 0 ? "true" : "false",
                3 => ((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "",
            };
        }

        return result;
    }

    private static IEnumerable<byte[]> Messages(byte[] message, int number) =>
        Fields(message).Where(f => f.Number == number && f.Bytes is not null).Select(f => f.Bytes!);

    private static string Text(List<Field> fields, int number) =>
        fields.Where(f => f.Number == number && f.Bytes is not null).Select(f => Encoding.UTF8.GetString(f.Bytes!)).FirstOrDefault() ?? "";

    private static string Hex(List<Field> fields, int number) =>
        fields.Where(f => f.Number == number && f.Bytes is not null).Select(f => Convert.ToHexStringLower(f.Bytes!)).FirstOrDefault() ?? "";

    private readonly record struct Field(int Number, ulong Varint, byte[]? Bytes);

    /// <summary>The fields of one message in wire order: varints and fixed-width numbers as numbers, length-delimited ones as bytes.</summary>
    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref position), null);
                    break;
                case 1:
                    yield return new Field(number, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(position, 8)), null);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, 0, message.AsSpan(position, length).ToArray());
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(position, 4)), null);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type in key {key} at byte {position}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] buffer, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
