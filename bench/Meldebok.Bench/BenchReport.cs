using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Meldebok.Bench;

/// <summary>The machine a report ran on.</summary>
internal sealed record BenchMachine(
    string CpuModel, int Cores, double MemoryGiB, string Kernel, string DotnetRuntime, string DotnetSdk, string PostgreSql,
    string LoadAverageStart, string LoadAverageEnd, string GitCommit);

/// <summary>One benchmark of a report: how its run ended and what it measured (null when it wrote no result).</summary>
internal sealed record BenchReportEntry(string Benchmark, int ExitCode, BenchResult? Result);

/// <summary>report.json: the machine, the mode and every benchmark's result.</summary>
internal sealed record BenchReportFile(string Mode, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, BenchMachine Machine, IReadOnlyList<BenchReportEntry> Benchmarks);

/// <summary>
/// The <c>report</c> verb of bench/report.sh: reads the JSON result each scenario wrote into the run's directory
/// (<c>NAME.json</c>) and writes report.json and report.md there, with the machine the run was on.
/// </summary>
internal static class BenchReport
{
    private const string Usage =
        "Usage: Meldebok.Bench report --results DIR --benchmarks a,b,c --exit-codes a=0,b=1 --mode quick|full --started ISO " +
        "--load-start \"1 5 15\" --load-end \"1 5 15\" --commit SHA --postgres VERSION --dotnet-sdk VERSION";

    public static async Task<int> RunAsync(string[] args)
    {
        if (BenchArgs.Parse(args) is not { } values || !values.TryGetValue("results", out var dir) || !values.TryGetValue("benchmarks", out var names))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var exitCodes = values.GetValueOrDefault("exit-codes", "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var entries = new List<BenchReportEntry>();
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name + ".json");
            var result = File.Exists(path) ? JsonSerializer.Deserialize<BenchResult>(await File.ReadAllTextAsync(path), BenchResult.Json) : null;
            entries.Add(new BenchReportEntry(name, exitCodes.GetValueOrDefault(name, -1), result));
        }

        var machine = new BenchMachine(
            BenchResult.Processor(),
            Environment.ProcessorCount,
            Math.Round(MemTotalKiB() / 1024.0 / 1024.0, 1),
            File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            values.GetValueOrDefault("dotnet-sdk", "unknown"),
            values.GetValueOrDefault("postgres", "unknown"),
            values.GetValueOrDefault("load-start", "unknown"),
            values.GetValueOrDefault("load-end", BenchResult.LoadAverage()),
            values.GetValueOrDefault("commit", "unknown"));
        var started = values.TryGetValue("started", out var s) ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow;
        var report = new BenchReportFile(values.GetValueOrDefault("mode", "full"), started, DateTimeOffset.UtcNow, machine, entries);
        await File.WriteAllTextAsync(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(report, BenchResult.Json));
        await File.WriteAllTextAsync(Path.Combine(dir, "report.md"), Markdown(report));
        Console.WriteLine(Path.Combine(dir, "report.md"));
        return entries.All(e => e.Result is not null) ? 0 : 1;
    }

    private static string Markdown(BenchReportFile report)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(inv, $"# Meldebok benchmark report, {report.StartedAt:yyyy-MM-dd HH:mm} UTC ({report.Mode} run)");
        text.AppendLine();
        text.AppendLine(inv, $"From {report.StartedAt:HH:mm} to {report.FinishedAt:HH:mm} UTC ({(report.FinishedAt - report.StartedAt).TotalMinutes:F0} min), commit `{m.GitCommit}`.");
        text.AppendLine();
        text.AppendLine("| machine | |");
        text.AppendLine("|---|---|");
        text.AppendLine(inv, $"| CPU | {m.CpuModel}, {m.Cores} cores |");
        text.AppendLine(inv, $"| memory | {m.MemoryGiB} GiB |");
        text.AppendLine(inv, $"| kernel | {m.Kernel} |");
        text.AppendLine(inv, $"| .NET | {m.DotnetRuntime} (SDK {m.DotnetSdk}) |");
        text.AppendLine(inv, $"| PostgreSQL | {m.PostgreSql} |");
        text.AppendLine(inv, $"| load average (1, 5, 15 min) | {m.LoadAverageStart} at the start, {m.LoadAverageEnd} at the end |");
        text.AppendLine();
        text.AppendLine("| benchmark | exit code | targets met |");
        text.AppendLine("|---|---:|---|");
        foreach (var entry in report.Benchmarks)
        {
            var targets = entry.Result is { } r ? $"{r.Targets.Count(t => t.Met)} of {r.Targets.Count}" : "no result written";
            text.AppendLine(inv, $"| {entry.Benchmark} | {entry.ExitCode} | {targets} |");
        }

        foreach (var entry in report.Benchmarks)
        {
            text.AppendLine();
            if (entry.Result is not { } result)
            {
                text.AppendLine(inv, $"## {entry.Benchmark}");
                text.AppendLine();
                text.AppendLine(inv, $"No result: the run ended with exit code {entry.ExitCode}; see {entry.Benchmark}.log beside this report.");
                continue;
            }

            text.AppendLine(inv, $"## {result.Title} (`{result.Benchmark}`)");
            text.AppendLine();
            var parameters = string.Join("; ", result.Parameters.Select(p => $"{p.Key}: {p.Value}"));
            text.AppendLine(inv, $"{result.StartedAt:HH:mm:ss}–{result.FinishedAt:HH:mm:ss} UTC, load average {result.LoadAverageStart} at the start, {result.LoadAverageEnd} at the end. {parameters}.");
            text.AppendLine();
            var columns = result.Rows.SelectMany(r => r.Figures.Keys).Distinct(StringComparer.Ordinal).ToList();
            text.AppendLine("| target | " + string.Join(" | ", columns) + " |");
            text.AppendLine("|---|" + string.Concat(columns.Select(_ => "---:|")));
            foreach (var row in result.Rows)
            {
                text.AppendLine("| " + (row.Baseline ? row.Name : $"**{row.Name}**") + " | "
                    + string.Join(" | ", columns.Select(c => BenchResult.Format(row.Figures.TryGetValue(c, out var v) ? v : null))) + " |");
            }

            text.AppendLine();
            foreach (var target in result.Targets)
            {
                text.AppendLine(inv, $"- {target.Name}: {BenchResult.Format(target.Value)} {target.Unit} — target {target.Goal}: **{(target.Met ? "met" : "not met")}**.");
            }

            foreach (var note in result.Notes)
            {
                text.AppendLine(inv, $"- {note}");
            }
        }

        return text.ToString();
    }

    private static long MemTotalKiB() =>
        File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : 0;
}
