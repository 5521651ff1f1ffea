using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meldebok.Bench;

/// <summary>One target of a benchmark (from its feature issue) and whether this run met it.</summary>
/// <param name="Name">What is measured, e.g. "throughput, Meldebok / baseline".</param>
/// <param name="Goal">The target as the issue states it, e.g. "at least 50 %".</param>
/// <param name="Value">The figure this run measured, or null when it could not be measured.</param>
/// <param name="Unit">The unit of <paramref name="Value"/>.</param>
/// <param name="Met">Whether the target was met.</param>
internal sealed record BenchTarget(string Name, string Goal, double? Value, string Unit, bool Met);

/// <summary>One line of a benchmark's table: the baseline or the product under one condition, with its named figures.</summary>
internal sealed record BenchRow(string Name, bool Baseline, IReadOnlyDictionary<string, double?> Figures);

/// <summary>
/// What one benchmark run measured, as data: written by each scenario with <c>--json PATH</c> (and by
/// bench/usage-aggregation/run.sh with <c>BENCH_JSON</c>), read by the <c>report</c> verb that assembles bench/report.sh's
/// report.md and report.json.
/// </summary>
internal sealed record BenchResult(
    string Benchmark,
    string Title,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string LoadAverageStart,
    string LoadAverageEnd,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<BenchRow> Rows,
    IReadOnlyList<BenchTarget> Targets,
    IReadOnlyList<string> Notes)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the result to <paramref name="path"/> when one was given.</summary>
    public async Task WriteAsync(string? path)
    {
        if (path is not null)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json));
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages of the machine now.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// The processor as /proc/cpuinfo names it, with its family, model and clock, e.g. "AMD EPYC, family 26 model 2, 2596 MHz":
    /// a virtual machine's model name alone ("AMD EPYC") does not tell one generation of host from the next, and the same code
    /// measured several times faster on one than on another (bench/afternoon-rush, 2026-12-07).
    /// </summary>
    public static string Processor()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "unknown";
        }

        // The first processor's fields; the others of a virtual machine are alike.
        var fields = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2).GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.Ordinal);
        var name = fields.GetValueOrDefault("model name", "unknown");
        return fields.TryGetValue("cpu family", out var family) && fields.TryGetValue("model", out var model)
            ? $"{name}, family {family} model {model}{(fields.TryGetValue("cpu MHz", out var mhz) ? $", {mhz.Split('.')[0]} MHz" : "")}"
            : name;
    }

    /// <summary>A figure rounded for the table (null stays null; NaN, from an empty sample, becomes null).</summary>
    public static double? Figure(double value, int digits = 1) => double.IsFinite(value) ? Math.Round(value, digits) : null;

    public static string Format(double? value) => value switch
    {
        null => "–",
        var v when Math.Abs(v.Value) >= 1000 => v.Value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal),
        var v => v.Value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
