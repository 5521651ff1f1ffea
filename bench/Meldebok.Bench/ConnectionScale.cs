using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Meldebok.Bench;

/// <summary>What the connection-scale benchmark runs against and how far.</summary>
internal sealed record ConnectionScaleOptions
{
    public const string Usage =
        "Usage: Meldebok.Bench connection-scale --server URL --database CONNECTION_STRING [--server-pid PID] " +
        "[--guardians 300] [--steps 1000,2000,5000,10000,15000,20000,30000,50000] [--cap 19000] [--broadcasts 3] " +
        "[--p99-limit-ms 1000] [--connect-parallelism 64] [--client-addresses 4] [--out results.md] [--json results.json]";

    public required Uri Server { get; init; }
    public required string Database { get; init; }
    /// <summary>The server's process id, for its memory (/proc/PID/status); run-with-server.sh passes BENCH_SERVER_PID.</summary>
    public required int ServerPid { get; init; }
    /// <summary>Guardians whose tokens the connections share (each holds several connections, as with a phone and a tablet).</summary>
    public int Guardians { get; init; } = 300;
    public IReadOnlyList<int> Steps { get; init; } = [1000, 2000, 5000, 10000, 15000, 19000];
    public int Cap { get; init; } = 19000;
    public int Broadcasts { get; init; } = 3;
    public double P99LimitMs { get; init; } = 1000;
    public int ConnectParallelism { get; init; } = 64;
    public int ClientAddresses { get; init; } = 4;
    public string? Out { get; init; }
    public string? Json { get; init; }

    public static ConnectionScaleOptions? Parse(string[] args)
    {
        if (BenchArgs.Parse(args) is not { } values
            || !values.TryGetValue("server", out var server) || !values.TryGetValue("database", out var database))
        {
            return null;
        }

        var pid = values.TryGetValue("server-pid", out var p) ? p : Environment.GetEnvironmentVariable("BENCH_SERVER_PID");
        if (pid is null)
        {
            return null;
        }

        var cap = BenchArgs.Number(values, "cap", 19000);
        var steps = values.TryGetValue("steps", out var s)
            ? s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList()
            : [1000, 2000, 5000, 10000, 15000, 20000, 30000, 50000];
        return new ConnectionScaleOptions
        {
            Server = new Uri(server),
            Database = database,
            ServerPid = int.Parse(pid, CultureInfo.InvariantCulture),
            Guardians = BenchArgs.Number(values, "guardians", 300),
            // The steps up to the cap, and the cap itself as the last step.
            Steps = [.. steps.Where(x => x < cap).Append(cap).Distinct().Order()],
            Cap = cap,
            Broadcasts = BenchArgs.Number(values, "broadcasts", 3),
            P99LimitMs = BenchArgs.Number(values, "p99-limit-ms", 1000),
            ConnectParallelism = BenchArgs.Number(values, "connect-parallelism", 64),
            ClientAddresses = BenchArgs.Number(values, "client-addresses", 4),
            Out = values.GetValueOrDefault("out"),
            Json = values.GetValueOrDefault("json"),
        };
    }
}

/// <summary>
/// How many concurrent hub connections one server process holds (bench/connection-scale/README.md): authenticated
/// WebSocket connections to <c>/hubs/meldebok</c> opened in steps until a connection fails, the broadcast p99 passes the
/// limit or the cap is reached; at each step the server's resident memory and the latency of one event that reaches every
/// connection (a bulk message to the school of every connected guardian's child: one <c>bulk.delivered</c> to all of them).
/// Then the same steps against a bare raw-WebSocket broadcast server in a process of its own, in the same run.
/// </summary>
internal static class ConnectionScale
{
    /// <summary>What one step measured.</summary>
    private sealed record Step(
        int Target, int Open, int Failures, double OpenSeconds, double RssMiB, double KiBPerConnection,
        double P50Ms, double P99Ms, double MaxMs, int Missed, double LastArrivalMs);

    public static async Task<int> RunAsync(ConnectionScaleOptions options)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadStart = BenchResult.LoadAverage();
        await using var db = NpgsqlDataSource.Create(options.Database);
        var clock = Stopwatch.StartNew();
        var (schoolId, guardians) = await SchoolGuardiansAsync(db, options.Guardians);
        await BenchWorld.EnsureAccountsAsync(db, guardians, []);
        var admin = await BenchWorld.AdministratorAccountAsync(db);
        Log($"Load average {loadStart}. {guardians.Count} guardians of pupils at school {schoolId} and an administrator; " +
            $"open files: driver {OpenFileLimit(Environment.ProcessId)}, server {OpenFileLimit(options.ServerPid)}; ephemeral ports {PortRange()}.");

        var tokens = await TokenClient.SignInAllAsync(options.Server, [.. guardians.Select(g => BenchWorld.GuardianUserName(g.GuardianId))]);
        var adminToken = await TokenClient.SignInAsync(options.Server, admin, CancellationToken.None);
        Log($"Signed in through authorization code + PKCE ({clock.Elapsed.TotalSeconds:F1} s).");

        using var addresses = SourceAddresses.Loopback(options.ClientAddresses);
        using var http = new HttpClient { BaseAddress = options.Server, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);

        List<Step> product;
        await using (var hub = HubClients.Empty(options.Server, "bulkMessageId"))
        {
            product = await StepsAsync("Meldebok", options, options.Steps, options.ServerPid,
                (count, ct) => hub.AddAsync([.. Enumerable.Range(hub.Count, count).Select(i => tokens[i % tokens.Count])], options.ConnectParallelism, addresses, ct),
                () => hub.Count,
                async () =>
                {
                    var id = await SendToSchoolAsync(http, schoolId);
                    return () => hub.DelaysMs("bulk.delivered", id);
                });
        }

        var reached = product.Select(s => s.Target).ToList();
        var (process, baselineAddress) = await WebSocketBaseline.StartAsync();
        List<Step> baseline;
        try
        {
            await using var raw = new RawWebSocketClients();
            using var baselineHttp = new HttpClient { BaseAddress = baselineAddress, Timeout = TimeSpan.FromMinutes(2) };
            baseline = await StepsAsync("Baseline", options, reached, process.Id,
                (count, ct) => raw.AddAsync(baselineAddress, count, options.ConnectParallelism, addresses, ct),
                () => raw.Count,
                async () =>
                {
                    using var response = await baselineHttp.PostAsync("/broadcast", null);
                    var id = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                    return () => raw.DelaysMs(id);
                });
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }

        var result = Result(options, startedAt, loadStart, guardians.Count, addresses.Count, product, baseline);
        var report = Report(result, product, baseline);
        Console.WriteLine(report);
        if (options.Out is { } path)
        {
            await File.WriteAllTextAsync(path, report);
        }

        await result.WriteAsync(options.Json);
        return product.Count > 0 ? 0 : 1;
    }

    /// <summary>
    /// Opens connections step by step and measures each step: the process's memory once the connections are open and
    /// settled, then <see cref="ConnectionScaleOptions.Broadcasts"/> broadcasts. Stops after a step with a failed
    /// connection, a client not told, or a p99 over the limit.
    /// </summary>
    private static async Task<List<Step>> StepsAsync(
        string name, ConnectionScaleOptions options, IReadOnlyList<int> steps, int pid,
        Func<int, CancellationToken, Task<IReadOnlyList<Exception>>> open, Func<int> count, Func<Task<Func<double?[]>>> broadcast)
    {
        var results = new List<Step>();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idleRss = RssMiB(pid);
        Log($"{name}: {idleRss:F0} MiB resident with no connection.");
        foreach (var target in steps)
        {
            var timer = Stopwatch.StartNew();
            var failures = await open(target - count(), CancellationToken.None);
            var openSeconds = timer.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(3));
            var opened = count();
            var rss = RssMiB(pid);
            var delays = new List<double>();
            var missed = 0;
            var lastArrival = 0.0;
            for (var b = 0; b < options.Broadcasts; b++)
            {
                var sent = Stopwatch.StartNew();
                var arrivals = await broadcast();
                while (arrivals().Any(d => d is null) && sent.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(20);
                }

                lastArrival = Math.Max(lastArrival, sent.Elapsed.TotalMilliseconds);
                var got = arrivals();
                missed += got.Count(d => d is null);
                delays.AddRange(got.OfType<double>());
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var sorted = delays.Order().ToArray();
            var step = new Step(target, opened, failures.Count, openSeconds, rss, (rss - idleRss) * 1024 / Math.Max(opened, 1),
                Load.Percentile(sorted, 50), Load.Percentile(sorted, 99), sorted.Length == 0 ? double.NaN : sorted[^1], missed, lastArrival);
            results.Add(step);
            Log($"{name}: {opened} open ({failures.Count} failed, {openSeconds:F1} s to open), {rss:F0} MiB, {step.KiBPerConnection:F1} KiB per connection; " +
                $"broadcast p50 {step.P50Ms:F0} ms, p99 {step.P99Ms:F0} ms, {missed} not told. Load average {BenchResult.LoadAverage()}.");
            if (failures.Count > 0)
            {
                Log($"{name}: stopped at {opened}: {failures[0].GetType().Name}: {failures[0].Message}");
                break;
            }

            if (missed > 0 || step.P99Ms > options.P99LimitMs)
            {
                Log($"{name}: stopped at {opened}: broadcast p99 {step.P99Ms:F0} ms, {missed} not told.");
                break;
            }
        }

        return results;
    }

    /// <summary>The school with the most active pupils in the largest municipality and guardians (with parental responsibility) of its pupils.</summary>
    private static async Task<(Guid SchoolId, List<(Guid GuardianId, string Nin)> Guardians)> SchoolGuardiansAsync(NpgsqlDataSource db, int count)
    {
        await using var command = db.CreateCommand($"""
            WITH municipality AS ({BenchWorld.LargestMunicipality}),
            school AS (SELECT school_id FROM pupils WHERE is_active AND municipality_id = (SELECT municipality_id FROM municipality)
                       GROUP BY school_id ORDER BY count(*) DESC, school_id LIMIT 1)
            SELECT DISTINCT ON (g.id) (SELECT school_id FROM school), g.id, g.national_identity_number
            FROM guardians g
            JOIN guardian_links l ON l.guardian_id = g.id AND l.is_active AND l.parental_responsibility AND NOT l.blocked
            JOIN pupils p ON p.id = l.pupil_id AND p.is_active AND p.protected_address = 'None' AND p.school_id = (SELECT school_id FROM school)
            WHERE g.is_active AND g.national_identity_number IS NOT NULL
            ORDER BY g.id
            LIMIT $1
            """);
        command.Parameters.AddWithValue(count);
        await using var reader = await command.ExecuteReaderAsync();
        var guardians = new List<(Guid, string)>();
        var school = Guid.Empty;
        while (await reader.ReadAsync())
        {
            school = reader.GetGuid(0);
            guardians.Add((reader.GetGuid(1), reader.GetString(2)));
        }

        return guardians.Count > 0 ? (school, guardians) : throw new InvalidOperationException("No school with guardians: seed a municipality first.");
    }

    /// <summary>A bulk message from the administrator to the school; answers its id.</summary>
    private static async Task<Guid> SendToSchoolAsync(HttpClient http, Guid schoolId)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/bulk-messages", new
        {
            target = new { kind = "School", schoolId },
            subject = "Påminnelse",
            body = "Husk gymtøy i morgen.",
            urgent = false,
        });
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"POST /api/v1/bulk-messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static double RssMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

    private static long StatusKiB(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string OpenFileLimit(int pid) =>
        File.ReadLines($"/proc/{pid}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "unknown";

    private static string PortRange() =>
        File.Exists("/proc/sys/net/ipv4/ip_local_port_range") ? File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Trim().Replace('\t', '–') : "unknown";

    private static BenchResult Result(
        ConnectionScaleOptions options, DateTimeOffset startedAt, string loadStart, int guardians, int addresses, List<Step> product, List<Step> baseline)
    {
        static BenchRow Row(string name, bool isBaseline, Step s) => new(name, isBaseline, new Dictionary<string, double?>
        {
            ["connections"] = s.Open,
            ["failed"] = s.Failures,
            ["openSeconds"] = BenchResult.Figure(s.OpenSeconds),
            ["rssMiB"] = BenchResult.Figure(s.RssMiB, 0),
            ["kibPerConnection"] = BenchResult.Figure(s.KiBPerConnection),
            ["broadcastP50Ms"] = BenchResult.Figure(s.P50Ms),
            ["broadcastP99Ms"] = BenchResult.Figure(s.P99Ms),
            ["notTold"] = s.Missed,
        });

        var last = product.LastOrDefault();
        var held = product.Where(s => s.Failures == 0 && s.Missed == 0 && s.P99Ms <= options.P99LimitMs).Select(s => s.Open).DefaultIfEmpty(0).Max();
        var stoppedBy = last is null ? "no step" : last.Failures > 0 ? "a connection failed" : last.Missed > 0 ? "a client was not told"
            : last.P99Ms > options.P99LimitMs ? $"broadcast p99 over {options.P99LimitMs:F0} ms" : "the cap";
        return new BenchResult(
            "connection-scale",
            "Connection scale: concurrent hub connections one server process holds",
            startedAt,
            DateTimeOffset.UtcNow,
            loadStart,
            BenchResult.LoadAverage(),
            new Dictionary<string, string>
            {
                ["steps"] = string.Join(',', options.Steps),
                ["cap"] = options.Cap.ToString(CultureInfo.InvariantCulture),
                ["guardians sharing the connections"] = guardians.ToString(CultureInfo.InvariantCulture),
                ["broadcasts per step"] = options.Broadcasts.ToString(CultureInfo.InvariantCulture),
                ["client source addresses"] = addresses.ToString(CultureInfo.InvariantCulture),
                ["stopped by"] = stoppedBy,
            },
            [.. product.Select(s => Row($"Meldebok /hubs/meldebok, {s.Target} connections", false, s)),
             .. baseline.Select(s => Row($"baseline: raw WebSocket broadcast, {s.Target} connections", true, s))],
            [
                new BenchTarget("connections held with every client told and broadcast p99 within the limit", $"up to the cap ({options.Cap})", held, "connections", held >= options.Cap),
                new BenchTarget("broadcast p99 at the last step", $"under {options.P99LimitMs:F0} ms", last is null ? null : BenchResult.Figure(last.P99Ms), "ms", last is not null && last.P99Ms < options.P99LimitMs),
            ],
            [
                "Broadcast: one bulk message from an administrator to the school of every connected guardian's child; one bulk.delivered event reaches every connection. Latency is from the event's commit (occurredAt) to its receipt at each client.",
                "Memory: VmRSS of the server process (/proc/PID/status) after the step's connections are open and settled, minus VmRSS with no connection, per connection.",
                "The driver, the server, PostgreSQL and the baseline share the machine's cores.",
            ]);
    }

    private static string Report(BenchResult result, List<Step> product, List<Step> baseline)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"Connection scale, {result.StartedAt:yyyy-MM-dd HH:mm} UTC, {BenchResult.Processor()}, {Environment.ProcessorCount} cores, load average {result.LoadAverageStart} at the start, {result.LoadAverageEnd} at the end; {result.Parameters["guardians sharing the connections"]} guardians' tokens shared by the connections, stopped by {result.Parameters["stopped by"]}.");
        text.AppendLine();
        text.AppendLine("| target | connections | failed | s to open | RSS MiB | KiB per connection | broadcast p50 ms | p99 ms | max ms | not told |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, steps) in new[] { ("Meldebok `/hubs/meldebok`", product), ("baseline: raw WebSocket broadcast", baseline) })
        {
            foreach (var s in steps)
            {
                text.AppendLine(inv, $"| {name} | {s.Open} | {s.Failures} | {s.OpenSeconds:F1} | {s.RssMiB:F0} | {s.KiBPerConnection:F1} | {s.P50Ms:F0} | {s.P99Ms:F0} | {s.MaxMs:F0} | {s.Missed} |");
            }
        }

        text.AppendLine();
        foreach (var target in result.Targets)
        {
            text.AppendLine(inv, $"- {target.Name}: {BenchResult.Format(target.Value)} {target.Unit} (target {target.Goal}: {(target.Met ? "met" : "NOT met")}).");
        }

        return text.ToString();
    }

    private static void Log(string message) => Load.Log(message);
}
