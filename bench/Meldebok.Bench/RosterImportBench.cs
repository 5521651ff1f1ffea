using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Meldebok.Bench;

/// <summary>
/// The roster import (bench/roster-import/README.md): a generated OneRoster 1.2 bundle imported by a municipality
/// administrator through <c>POST /api/v1/admin/roster-imports</c> — a dry run, the first import and the same files again —
/// beside the baseline of loading the same CSV files into PostgreSQL with <c>COPY</c> (text columns, no rules) in the same run.
/// </summary>
internal static class RosterImportBench
{
    public const string Usage = "Usage: Meldebok.Bench roster-import --server URL --database CONNECTION_STRING --bundle bundle.zip [--out results.md] [--json results.json]";

    private sealed record Import(string Name, double Seconds, int Status, JsonElement? Result);

    public static async Task<int> RunAsync(string[] args)
    {
        if (BenchArgs.Parse(args) is not { } values || !values.TryGetValue("server", out var serverText)
            || !values.TryGetValue("database", out var database) || !values.TryGetValue("bundle", out var bundle))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var startedAt = DateTimeOffset.UtcNow;
        var loadStart = BenchResult.LoadAverage();
        var server = new Uri(serverText);
        await using var db = NpgsqlDataSource.Create(database);
        var admin = await BenchWorld.AdministratorAccountAsync(db);
        var token = await TokenClient.SignInAsync(server, admin, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var bytes = await File.ReadAllBytesAsync(bundle);
        Log($"Load average {loadStart}. Importing {bundle} ({bytes.Length / 1024} KiB) as the administrator of the largest municipality.");

        var baselineSeconds = await CopyBaselineAsync(db, bytes);
        Log($"Baseline: COPY of the CSV files in {baselineSeconds:F2} s.");
        var imports = new List<Import>();
        foreach (var (name, dryRun) in new[] { ("dry run", true), ("first import", false), ("same files again", false) })
        {
            var import = await ImportAsync(http, name, bytes, dryRun);
            imports.Add(import);
            Log($"{name}: {(int)import.Status} in {import.Seconds:F1} s.");
            if (import.Status != 200)
            {
                break;
            }
        }

        var counts = imports.FirstOrDefault(i => i.Name == "first import")?.Result;
        var result = new BenchResult(
            "roster-import",
            "Roster import: a generated OneRoster 1.2 bundle through POST /api/v1/admin/roster-imports",
            startedAt,
            DateTimeOffset.UtcNow,
            loadStart,
            BenchResult.LoadAverage(),
            new Dictionary<string, string>
            {
                ["bundle"] = Path.GetFileName(bundle),
                ["bundle KiB"] = (bytes.Length / 1024).ToString(CultureInfo.InvariantCulture),
                ["pupils created"] = counts is { } c ? c.GetProperty("pupils").GetProperty("created").GetInt32().ToString(CultureInfo.InvariantCulture) : "–",
                ["guardians created"] = counts is { } g ? g.GetProperty("guardians").GetProperty("created").GetInt32().ToString(CultureInfo.InvariantCulture) : "–",
            },
            [
                new BenchRow("baseline: COPY of the same CSV files into text tables", true, new Dictionary<string, double?> { ["seconds"] = BenchResult.Figure(baselineSeconds, 2), ["status"] = null }),
                .. imports.Select(i => new BenchRow($"Meldebok import: {i.Name}", false, new Dictionary<string, double?> { ["seconds"] = BenchResult.Figure(i.Seconds, 2), ["status"] = i.Status })),
            ],
            [
                new BenchTarget("every import answered 200", "all of dry run, first import, same files again", imports.Count(i => i.Status == 200), "of 3", imports.Count == 3 && imports.All(i => i.Status == 200)),
            ],
            [
                "No speed target is set by the feature issues; the import's time is reported beside the COPY of the same files (no parsing rules, no roster model, no relations).",
                "The import replaces the largest municipality's roster with the generated one (a full import); run it after the benchmarks that need the seeded roster.",
            ]);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Roster import, {startedAt:yyyy-MM-dd HH:mm} UTC, load average {loadStart}: {Path.GetFileName(bundle)} ({bytes.Length / 1024} KiB).");
        report.AppendLine();
        report.AppendLine("| target | status | seconds |");
        report.AppendLine("|---|---:|---:|");
        foreach (var row in result.Rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {row.Name} | {BenchResult.Format(row.Figures["status"])} | {BenchResult.Format(row.Figures["seconds"])} |");
        }

        Console.WriteLine(report);
        if (values.GetValueOrDefault("out") is { } outPath)
        {
            await File.WriteAllTextAsync(outPath, report.ToString());
        }

        await result.WriteAsync(values.GetValueOrDefault("json"));
        return imports.All(i => i.Status == 200) ? 0 : 1;
    }

    private static async Task<Import> ImportAsync(HttpClient http, string name, byte[] bundle, bool dryRun)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bundle);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "bundle", "bundle.zip");
        form.Add(new StringContent("full"), "mode");
        form.Add(new StringContent(dryRun ? "true" : "false"), "dryRun");
        var timer = Stopwatch.StartNew();
        using var response = await http.PostAsync("/api/v1/admin/roster-imports", form);
        var body = await response.Content.ReadAsStringAsync();
        var seconds = timer.Elapsed.TotalSeconds;
        if (!response.IsSuccessStatusCode)
        {
            Log($"{name} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
            return new Import(name, seconds, (int)response.StatusCode, null);
        }

        return new Import(name, seconds, (int)response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    /// <summary>
    /// The baseline: every CSV file of the bundle loaded by <c>COPY … FROM STDIN (FORMAT csv, HEADER)</c> into a temporary
    /// table of text columns named after its header, in one transaction that is rolled back; timed from unzipping to the last row.
    /// </summary>
    private static async Task<double> CopyBaselineAsync(NpgsqlDataSource db, byte[] bundle)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var timer = Stopwatch.StartNew();
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries.Where(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            var header = text[..text.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r').Split(',');
            var table = "bench_copy_" + string.Concat(Path.GetFileNameWithoutExtension(entry.Name).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_'));
            var columns = string.Join(", ", header.Select((h, i) => $"c{i} text"));
            await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE {table} ({columns}) ON COMMIT DROP", connection, transaction))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)");
            await writer.WriteAsync(text);
        }

        var seconds = timer.Elapsed.TotalSeconds;
        await transaction.RollbackAsync();
        return seconds;
    }

    private static void Log(string message) => Load.Log(message);
}
